/**
 * The application's inputs and views as the outside world sees them, and FaceGateApp: the operations, which
 * FaceGateService states once (one method per API operation and event).
 */
import type { LightColour } from '../face/burst/light-sequence.js';
import type { ApiKeyRole } from '../domain/api-key.js';
import type { ActivePrompt } from '../domain/login-challenge.js';
import type { AttemptLabel } from '../domain/attempt.js';
import type { DriftSeverity, DriftStatus, FeatureDrift } from '../domain/drift-report.js';
import type { MetricsBucket, OnlineFar, OnlineFrr, Percentiles, ScoreBin } from '../monitoring/online-metrics.js';
import type { QualityReason } from '../face/quality/quality-report.js';
import type { SignedUpload } from '../ports/blob-store.js';
import type { AlertDeliveryStatus, AlertSeverity, AlertTriage } from '../domain/alert.js';
import type { FaceGateService } from './facegate-service.js';

/** Who is calling: resolved from the API key. */
export interface Principal {
  tenantId: string;
  role: ApiKeyRole;
  apiKeyId: string;
  /** A publishable key's web origins: where its pages may register and use passkeys. */
  allowedOrigins?: readonly string[];
}

/** Where a request came from, recorded with attempts. */
export interface ClientInfo {
  ip?: string;
  userAgent?: string;
  /** The page's origin (`Origin`, or `Referer` on a same-origin GET): a passkey ceremony is bound to it. */
  origin?: string;
}

export interface StartEnrollmentInput {
  username: string;
  displayName?: string;
  email?: string;
  /** Refused (400 `password_not_supported`): FaceGate logs in by face and stores no password. */
  password?: string;
  /** Content type the client will upload; default image/jpeg. */
  contentType?: string;
  /** Public JWK of the device key (ECDSA P-256) that proves possession at login; required when the tenant says so. */
  deviceKey?: unknown;
  /**
   * A passkey to register: the WebAuthn registration response made for a login challenge (its nonce as the WebAuthn
   * challenge), as `{challengeId, response}`, from a page on one of the key's origins. Replaces `deviceKey` (kept for
   * clients that still send it).
   */
  passkey?: unknown;
  /**
   * Proof of ownership for re-enrolling an account that has been active with a client key: a FaceGate token
   * issued to that account (operator keys need none).
   */
  ownerToken?: string;
}

export interface EnrollmentStarted {
  enrollmentId: string;
  userId: string;
  status: 'pending';
  upload: SignedUpload;
}

export type EnrollmentStatus = 'pending' | 'processing' | 'active' | 'rejected';

export interface EnrollmentView {
  enrollmentId: string;
  userId: string;
  status: EnrollmentStatus;
  reason?: string;
  quality?: Record<string, unknown>;
}

export interface VerifyInput {
  username: string;
  /** The capture matched against the user's templates (for an active challenge: the frame facing the camera). */
  image: Uint8Array;
  client?: ClientInfo;
  /** A challenge from `createChallenge`, when the tenant requires possession or an active challenge. */
  challengeId?: string;
  /** base64url ES256 signature (r || s) of the possession message by the user's device key. */
  signature?: string;
  /** The WebAuthn authentication response (JSON) of the user's passkey over the challenge's nonce. */
  passkey?: unknown;
  /** Active challenge: 1-2 frames taken while the user turned their head as the challenge's prompt asked. */
  frames?: Uint8Array[];
  /**
   * Liveness burst: 3-5 frames taken over about a second after the capture (with the light challenge: one per
   * colour, in order). Checked for a 3-D head, replays and the passive check (shared/ports/burst-liveness.ts).
   */
  burst?: Uint8Array[];
}

/** A single-use login challenge as the client receives it. */
export interface ChallengeView {
  challengeId: string;
  /** What the device key signs, with the tenant and username (see shared/app/possession/possession-message.ts). */
  nonce: string;
  tenantId: string;
  expiresAt: string;
  /** Present when the tenant wants an active challenge: the head turn the frames must show. */
  prompt?: ActivePrompt;
  /** Present (true) when the tenant requires possession, so clients know to ask the passkey. */
  possession?: boolean;
  /** Present (true) when the tenant requires a liveness burst with verify, so clients know to take one. */
  burst?: boolean;
  /** Present when the tenant wants the light challenge: the screen colour to show for each burst frame, in order. */
  light?: LightColour[];
}

export interface VerifyResult {
  decision: 'granted' | 'denied';
  score: number;
  threshold: number;
  reason?: string;
  userId?: string;
  token?: string;
}

/**
 * What an identify carries: the capture and, for the tenant's liveness policy, the same challenge, head-turn frames
 * and burst as a verify (VerifyInput). No possession proof: a kiosk holds nobody's device key, so a tenant that
 * requires possession is answered `possession_required` (identify-face.ts).
 */
export type IdentifyInput = Pick<VerifyInput, 'image' | 'client' | 'challengeId' | 'frames' | 'burst'>;

export interface IdentifyResult {
  decision: 'granted' | 'denied';
  userId?: string;
  username?: string;
  /** The enrolled display name, so a kiosk can greet the person by it. */
  displayName?: string;
  score?: number;
  reason?: string;
}

export interface UserView {
  userId: string;
  username: string;
  displayName?: string;
  email?: string;
  status: EnrollmentStatus | 'none';
  templates: number;
  createdAt: string;
  /** ISO 8601: while the account is locked out (any client), until when; absent when it is not. */
  lockedUntil?: string;
}

/** A user's passkey as operators see it: never the key or the credential id. */
export interface PasskeyView {
  passkeyId: string;
  createdAt: string;
  /** Absent until the first accepted login with it. */
  lastUsedAt?: string;
  transports: string[];
}

/** A user's older device key as operators see it (its uses are not recorded). */
export interface DeviceKeyView {
  deviceKeyId: string;
  createdAt: string;
  /** True when the account has a passkey: the device key is no longer accepted at login. */
  superseded: boolean;
}

/**
 * `GET /v1/users/{userId}`: the user, their enrollment photos (newest first) and their possession credentials
 * (oldest first), which an operator can revoke one by one.
 */
export interface UserDetailView {
  user: UserView;
  photos: { captureId: string; createdAt: string }[];
  passkeys: PasskeyView[];
  deviceKeys: DeviceKeyView[];
}

/** An enrollment photo's bytes, as stored (JPEG, PNG or WebP). */
export interface UserPhoto {
  contentType: string;
  bytes: Uint8Array;
}

export interface ListUsersInput {
  search?: string;
  limit?: number;
  cursor?: string;
}

export interface ListAttemptsInput {
  kind?: 'verify' | 'identify';
  outcome?: 'granted' | 'denied' | 'error';
  userId?: string;
  /** The attempts of the user with this username (an unknown username matches none). */
  username?: string;
  /** ISO 8601 instants: inclusive lower, exclusive upper bound. */
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
}

/** How the tenant's decision threshold was set: "the threshold for your population". */
export interface ThresholdCalibrationView {
  modelVersion: string;
  threshold: number;
  /** `global`: the gallery is too small, the pooled development calibration applies; `gallery`: its own. */
  source: 'global' | 'gallery';
  targetFar: number;
  users: number;
  minUsers: number;
  /** Cross-user (impostor) scores of the gallery the estimate rests on. */
  impostorScores: number;
  /** The gallery's own 1e-3 tail threshold, before the floor; null below `minUsers`. */
  galleryThreshold: number | null;
  globalThreshold: number;
  floor: number;
  /** Share of the gallery's impostor scores at or above the threshold, and its 95% upper bound. */
  estimatedFar: number;
  farUpper95: number;
}

/** One login attempt as the operator console shows it. */
export interface AttemptView {
  id: string;
  kind: 'verify' | 'identify';
  outcome: 'granted' | 'denied' | 'error';
  score: number | null;
  threshold: number | null;
  reason: string | null;
  latencyMs: number;
  /** Milliseconds per analysis stage. */
  stageLatencies: Record<string, number> | null;
  modelVersion: string | null;
  userId: string | null;
  /** The matched user's current username; null when no user was matched or the user was erased. */
  username: string | null;
  claimedUsername: string | null;
  clientIp: string | null;
  createdAt: string;
  /** The numeric quality features of the capture. */
  quality: Record<string, number> | null;
  livenessScore: number | null;
  /** What the liveness decision rested on: `passive`, `passive+burst:<motion>`, `…+light`. */
  livenessEvidence: string | null;
  label: { label: AttemptLabel; note: string | null; labelledAt: string } | null;
}

export interface LabelAttemptInput {
  label: AttemptLabel;
  note?: string;
}

export interface MetricsInput {
  /** ISO 8601; default `to` − 24 h. */
  from?: string;
  /** ISO 8601; default now. */
  to?: string;
  /** `<n>s|m|h|d`, e.g. `5m`, `1h`; default: the smallest usual width giving at most 48 buckets. */
  bucket?: string;
}

/** `GET /v1/metrics`: the online figures of a window of attempts (shared/monitoring/online-metrics.ts). */
export interface MetricsView {
  from: string;
  to: string;
  bucketSeconds: number;
  totals: {
    attempts: number;
    outcomes: Record<'granted' | 'denied' | 'error', number>;
    reasons: Record<string, number>;
    throughputPerMinute: number;
    latency: Percentiles | null;
    stages: Record<string, Percentiles>;
    labels: Record<AttemptLabel, number>;
  };
  buckets: (Omit<MetricsBucket, 'start'> & { start: string })[];
  scores: { threshold: number; binWidth: number; bins: ScoreBin[] };
  /** The threshold for this tenant's population and what it rests on (self-calibration). */
  calibration?: ThresholdCalibrationView;
  frr: Omit<OnlineFrr, 'linkWindowMs'> & { linkWindowSeconds: number };
  far: OnlineFar;
}

export interface DriftWindowView {
  start: string;
  end: string;
  count: number;
}

/** One stored run of the drift check. */
export interface DriftReportView {
  id: string;
  modelVersion: string;
  status: DriftStatus;
  severity: DriftSeverity | null;
  window: DriftWindowView;
  reference: DriftWindowView;
  moved: string[];
  features: FeatureDrift[];
  createdAt: string;
}

export interface ListAlertsInput {
  kind?: string;
  severity?: AlertSeverity;
  status?: AlertDeliveryStatus;
  userId?: string;
  /** true: only acknowledged alerts; false: only open ones. */
  acknowledged?: boolean;
  /** ISO 8601 instants: inclusive lower, exclusive upper bound. */
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
}

/** One recorded security alert as the operator console shows it. */
export interface AlertView {
  alertId: string;
  kind: string;
  severity: AlertSeverity;
  userId?: string;
  attemptIds: string[];
  summary: string;
  createdAt: string;
  /** Webhook delivery: pending, delivered, undelivered (kept, retried later) or no_webhook. */
  status: AlertDeliveryStatus;
  deliveryAttempts: number;
  lastError?: string;
  triage?: AlertTriage;
  /** ISO 8601: when an operator acknowledged it; absent while open. */
  acknowledgedAt?: string;
  /** The id of the operator key that acknowledged it. */
  acknowledgedBy?: string;
}

export interface WebhookInput {
  url: string;
  /** HMAC key for the signatures (32-256 characters); generated when absent. */
  secret?: string;
}

export interface WebhookView {
  url: string;
  secret: string;
}

/** `GET /v1/webhook`: whether alerts are POSTed anywhere, and where (never the secret). */
export interface WebhookStatus {
  configured: boolean;
  url?: string;
}

/** A Cloud Storage object-finalized notification, reduced to what the embed step needs. */
export interface ObjectFinalized {
  bucket?: string;
  name: string;
  generation: string;
  contentType?: string;
  size: number;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  /** Per dependency: `ok`, or what went wrong. */
  checks: Record<string, string>;
  modelVersion: string;
  backend: string;
}

/**
 * What callers of the application use: the public methods of FaceGateService, stated there once. Tests run the real
 * service (tests/support/scripted-stack.ts); a caller that needs one or two methods takes a Pick of this type.
 */
export type FaceGateApp = Pick<FaceGateService, keyof FaceGateService>;

/** Plain-words reasons the client can show; keys are QualityReason and other rejection codes. */
export type RejectionReason =
  | QualityReason
  | 'not_an_image'
  | 'unsupported_format'
  | 'truncated_image'
  | 'image_too_large'
  | 'image_too_small'
  | 'duplicate_identity'
  | 'no_templates'
  | 'no_match'
  | 'ambiguous_match';
