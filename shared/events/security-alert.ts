import { z } from 'zod';
import { entityId, envelope } from './common.js';

/** What kind of suspicious activity raised the alert. */
export const securityAlertKinds = [
  /** Several denied attempts against one user in a short window. */
  'repeated_failures',
  /** The user was locked out after repeated failures. */
  'account_locked',
  /** A capture looked like a presentation attack (photo, screen, mask). */
  'spoof_suspected',
  /** Many identify attempts with no match: someone probing the gallery. */
  'identify_probing',
] as const;

export type SecurityAlertKind = (typeof securityAlertKinds)[number];

/** `security.alert.v1`: the alerts function records an incident and notifies the tenant. */
export const securityAlertV1 = z.strictObject({
  ...envelope(1),
  alertId: entityId,
  kind: z.enum(securityAlertKinds),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  userId: entityId.optional(),
  /** Attempts that led to the alert, oldest first. */
  attemptIds: z.array(entityId).max(100),
  /** Short human-readable summary; never personal data beyond ids. */
  summary: z.string().min(1).max(500),
});

export type SecurityAlertV1 = z.infer<typeof securityAlertV1>;
