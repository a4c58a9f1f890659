import type { JsonObject } from './json.js';

/** verify = 1:1 against a claimed username; identify = 1:N across the tenant. */
export type AttemptKind = 'verify' | 'identify';
export type AttemptOutcome = 'granted' | 'denied' | 'error';

export const ATTEMPT_KINDS: readonly AttemptKind[] = ['verify', 'identify'];
export const ATTEMPT_OUTCOMES: readonly AttemptOutcome[] = ['granted', 'denied', 'error'];

/**
 * An operator's verdict on an attempt, the ground truth online FAR/FRR estimates lack: `genuine` = the person was
 * who the attempt claimed or matched; `impostor` = someone else (a look-alike, a stranger); `fraud` = a deliberate
 * attack (a photo, a screen, a mask). A grant labelled impostor or fraud is a false accept; a denial labelled
 * genuine is a false reject.
 */
export const ATTEMPT_LABELS = ['genuine', 'impostor', 'fraud'] as const;
export type AttemptLabel = (typeof ATTEMPT_LABELS)[number];

/** The label an operator put on an attempt, and who did when. */
export interface AttemptLabelling {
  label: AttemptLabel;
  note: string | null;
  /** API key id of the operator. */
  by: string;
  /** Epoch milliseconds. */
  at: number;
}

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
  /** Numeric quality features of the capture (brightness, sharpness, faceSize, pose…), when a face was found. */
  quality: JsonObject | null;
  /** Presentation-attack detection score (0..1, higher = live), when the engine ran PAD. */
  livenessScore: number | null;
  /** What the liveness decision rested on: `passive`, `passive+burst:<motion>`, `…+light` (burst-evidence.ts). */
  livenessEvidence: string | null;
  /** The operator's verdict, when one was given. */
  label: AttemptLabelling | null;
  clientIp: string | null;
  userAgent: string | null;
  /** The matched (identify) or claimed-and-found (verify) user; cleared when the user is deleted. */
  userId: string | null;
  /** The username a verify claimed, whether or not it exists; cleared when the user is deleted. */
  claimedUsername: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
}
