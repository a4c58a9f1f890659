/**
 * IncidentTriage on Vertex AI Gemini through `@google/genai` (Vertex mode: Application Default Credentials, the
 * project and location from config). The model sees the alert event only: ids, kinds, counts, scores, never a
 * face, a name or an address. It answers in JSON constrained by a response schema; anything else is an error.
 */
import { GoogleGenAI } from '@google/genai';
import { z } from 'zod';
import type { SecurityAlertV1 } from '../../events/security-alert.js';
import type { IncidentTriage, TriageSuggestion } from '../../ports/incident-triage.js';

/** The slice of the genai client this adapter calls (the real client, or a stub in tests). */
export interface GenerateContentClient {
  models: {
    generateContent(params: {
      model: string;
      contents: string;
      config: Record<string, unknown>;
    }): Promise<{ text?: string | undefined }>;
  };
}

const answer = z.object({
  summary: z.string().trim().min(1).max(500),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
});

const RESPONSE_SCHEMA = {
  type: 'object',
  properties: {
    summary: { type: 'string', description: 'Two sentences at most for the person on call.' },
    severity: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
  },
  required: ['summary', 'severity'],
};

const INSTRUCTIONS = [
  'You triage security alerts of FaceGate, a face login service.',
  'Given one alert as JSON, say in at most two plain sentences what most likely happened and what the operator',
  'should check next, and suggest a severity (low, medium, high, critical).',
  'Kinds: repeated_failures (several failed face logins in a row), account_locked, locked_account_attempt,',
  'spoof_suspected (the liveness check judged the face a photo or screen; livenessScore 0..1, higher = live),',
  'duplicate_identity (an enrollment face matches another user), identify_probing (many 1:N identifications from',
  'one client address found nobody within a few minutes: someone may be testing faces against the gallery).',
].join(' ');

export interface GeminiTriageOptions {
  model: string;
  project: string;
  location: string;
  /** Longest wait for the model, in milliseconds (default 10 s): triage must not hold up delivery for long. */
  timeoutMs?: number;
}

export class GeminiIncidentTriage implements IncidentTriage {
  readonly model: string;
  private readonly timeoutMs: number;

  constructor(
    options: GeminiTriageOptions,
    private readonly client: GenerateContentClient = new GoogleGenAI({
      vertexai: true,
      project: options.project,
      location: options.location,
    }),
  ) {
    this.model = options.model;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async triage(alert: SecurityAlertV1): Promise<TriageSuggestion> {
    const response = await this.client.models.generateContent({
      model: this.model,
      contents: JSON.stringify(alert),
      config: {
        systemInstruction: INSTRUCTIONS,
        responseMimeType: 'application/json',
        responseJsonSchema: RESPONSE_SCHEMA,
        temperature: 0,
        maxOutputTokens: 300,
        abortSignal: AbortSignal.timeout(this.timeoutMs),
      },
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.text ?? '');
    } catch {
      throw new Error('the triage model did not answer in JSON');
    }
    const result = answer.safeParse(parsed);
    if (!result.success) throw new Error(`the triage model answered out of shape: ${result.error.message}`);
    return result.data;
  }
}
