/**
 * The IncidentTriage port: a language model's short reading of a security incident and the severity it would
 * suggest, attached to the recorded alert for the person on call. Optional (off by default); advice only, never
 * used to decide anything. Adapter: Vertex AI Gemini (shared/adapters/gcp/gemini-incident-triage.ts).
 */
import type { AlertSeverity } from '../domain/alert.js';
import type { SecurityAlertV1 } from '../events/security-alert.js';

export interface TriageSuggestion {
  summary: string;
  severity: AlertSeverity;
}

export interface IncidentTriage {
  /** The model's name, recorded with its suggestion. */
  readonly model: string;
  /** @throws when the model could not be asked or answered out of shape; the caller records the alert anyway. */
  triage(alert: SecurityAlertV1): Promise<TriageSuggestion>;
}
