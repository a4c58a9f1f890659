import type { JsonObject } from './json.js';

/** verify = 1:1 against a claimed username; identify = 1:N across the tenant. */
export type AttemptKind = 'verify' | 'identify';
export type AttemptOutcome = 'granted' | 'denied' | 'error';

export const ATTEMPT_KINDS: readonly AttemptKind[] = ['verify', 'identify'];
export const ATTEMPT_OUTCOMES: readonly AttemptOutcome[] = ['granted', 'denied', 'error'];

/** One login attempt, kept for security review and for online FAR/FRR and latency figures. */
export interface Attempt {
  id: string;
  tenantId: string;
  kind: AttemptKind;
  outcome: AttemptOutcome;
  /** Best similarity found, when a face was compared at all. */
  score: number | null;
  threshold: number | null;
  /** Reason code for a denial or error (`no_face`, `unknown_user`, `below_threshold`, …). */
  reason: string | null;
  latencyMs: number;
  /** Milliseconds per stage (`decode`, `detect`, `embed`, `match`, …). */
  stageLatencies: JsonObject | null;
  modelVersion: string | null;
  clientIp: string | null;
  userAgent: string | null;
  /** The matched (identify) or claimed-and-found (verify) user; cleared when the user is deleted. */
  userId: string | null;
  /** The username a verify claimed, whether or not it exists; cleared when the user is deleted. */
  claimedUsername: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
}
