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
  /** An enrollment face matched another enrolled user of the tenant: one person, two accounts. */
  'duplicate_identity',
  /** Someone tried to log in to an account while it was locked. */
  'locked_account_attempt',
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
  /** duplicate_identity: the other user the face matched. */
  relatedUserId: entityId.optional(),
  /** Alerts raised while processing an enrollment. */
  enrollmentId: entityId.optional(),
  /** spoof_suspected: the presentation-attack detector's liveness score (0..1, higher = more likely live). */
  livenessScore: z.number().min(0).max(1).optional(),
  /** account_locked, locked_account_attempt: seconds until the account accepts attempts again. */
  lockedForSeconds: z.number().int().nonnegative().optional(),
});

export type SecurityAlertV1 = z.infer<typeof securityAlertV1>;
