/**
 * The JSON the FaceGate API sends, as documented in shared/http/openapi.ts (`/openapi.json`). Kept here as plain
 * types because the SDK (and the browser bundle) must not pull in the server's modules.
 */
import type { ImageInput } from './image-input.js';

/** A public JSON Web Key (a device key, or a JWKS entry): the SDK must not depend on the DOM's JsonWebKey type. */
export interface PublicJwk {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  kid?: string;
  alg?: string;
  use?: string;
  ext?: boolean;
  key_ops?: string[];
}

export type EnrollmentStatus = 'pending' | 'processing' | 'active' | 'rejected';
export type Decision = 'granted' | 'denied';

export interface StartEnrollmentRequest {
  username: string;
  displayName?: string;
  email?: string;
  contentType?: string;
  /** Public JWK of a device key (the possession factor before passkeys; prefer `passkey`). */
  deviceKey?: PublicJwk;
  /** A passkey to register: the WebAuthn registration response (JSON) made for a challenge's nonce. */
  passkey?: { challengeId: string; response: object };
}

/** `POST /v1/challenges`: single use, until `expiresAt`. */
export interface Challenge {
  challengeId: string;
  nonce: string;
  tenantId: string;
  expiresAt: string;
  /** Only when the tenant wants an active challenge: the head turn to make (the user's own left/right). */
  prompt?: 'turn_left' | 'turn_right';
  /** Only when the tenant requires possession: send `passkey` (or a device key's `signature`) with verify. */
  possession?: boolean;
  /** Only when the tenant requires a liveness burst: send a few frames taken after the capture (`burst`). */
  burst?: boolean;
  /** Only when the tenant wants the light challenge: the screen colour for each burst frame, in order. */
  light?: ('red' | 'green' | 'blue')[];
}

/** What verify may carry besides the capture. */
export interface LoginFactors {
  challengeId?: string;
  /** base64url ES256 signature of the challenge by the device key (accounts enrolled before passkeys). */
  signature?: string;
  /** The WebAuthn authentication response (JSON) of the user's passkey over the challenge's nonce. */
  passkey?: object;
  /** Active challenge: frames taken while turning the head. */
  frames?: ImageInput[];
  /** Liveness burst: 2-5 frames taken over about a second after the capture (one per light colour, in order). */
  burst?: ImageInput[];
}

/** `GET/PATCH /v1/settings` (operator). */
export interface TenantSettings {
  requirePossession: boolean;
  activeChallenge: boolean;
  /** Every verify must carry a liveness burst. */
  requireBurst: boolean;
  /** The burst is taken under a random screen-colour sequence (against replayed videos and screens). */
  lightChallenge: boolean;
}

export interface SignedUpload {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

export interface EnrollmentStarted {
  enrollmentId: string;
  userId: string;
  status: 'pending';
  upload: SignedUpload;
}

export interface Enrollment {
  enrollmentId: string;
  userId: string;
  status: EnrollmentStatus;
  reason?: string;
  quality?: Record<string, unknown>;
}

export interface VerifyResult {
  decision: Decision;
  /** Absent on a denial to a client key, which also gets `not_verified` for every account-dependent reason. */
  score?: number;
  threshold?: number;
  reason?: string;
  userId?: string;
  token?: string;
}

export interface IdentifyResult {
  decision: Decision;
  userId?: string;
  username?: string;
  /** The identified user's display name, for a kiosk's greeting. */
  displayName?: string;
  score?: number;
  reason?: string;
}

export interface User {
  userId: string;
  username: string;
  displayName?: string;
  email?: string;
  status: EnrollmentStatus | 'none';
  templates: number;
  createdAt: string;
  /** ISO-8601: while the account is locked out, until when. */
  lockedUntil?: string;
}

/** `GET /v1/users/{userId}`: the user and the ids of their enrollment photos, newest first. */
export interface UserDetail {
  user: User;
  photos: { captureId: string; createdAt: string }[];
}

/** `GET /v1/webhook`: where alerts are POSTed (never the secret). */
export interface WebhookStatus {
  configured: boolean;
  url?: string;
}

/** `PUT /v1/webhook`: the secret is shown this once. */
export interface WebhookSet {
  url: string;
  secret: string;
}

export interface UserPage {
  users: User[];
  nextCursor?: string;
}

export type AttemptKind = 'verify' | 'identify';
export type AttemptOutcome = 'granted' | 'denied' | 'error';

/**
 * One login attempt as `GET /v1/attempts` lists it (see shared/http/openapi.ts).
 */
export interface Attempt {
  id: string;
  kind: AttemptKind;
  outcome: AttemptOutcome;
  score: number | null;
  threshold: number | null;
  reason: string | null;
  latencyMs: number;
  userId: string | null;
  /** The matched user's current username; null when none was matched or the user was erased. */
  username?: string | null;
  claimedUsername: string | null;
  /** ISO-8601 timestamp. */
  createdAt: string;
  /** An operator's verdict: the ground truth of the online FAR/FRR. */
  label?: { label: AttemptLabel; note: string | null; labelledAt: string } | null;
}

export type AttemptLabel = 'genuine' | 'impostor' | 'fraud';

export interface AttemptPage {
  attempts: Attempt[];
  nextCursor?: string;
}

export interface AttemptFilter {
  outcome?: AttemptOutcome;
  userId?: string;
  /** The attempts of the user with this username. */
  username?: string;
  /** ISO-8601 lower bound (inclusive). */
  since?: string;
  /** ISO-8601 upper bound (exclusive). */
  until?: string;
  limit?: number;
  cursor?: string;
}

export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical';

/**
 * One security alert as `GET /v1/alerts` lists it: the recorded `security.alert.v1` event (see
 * shared/events/security-alert.ts) and the state of its webhook delivery.
 */
export interface Alert {
  alertId: string;
  kind: string;
  severity: AlertSeverity;
  userId?: string;
  attemptIds: string[];
  summary: string;
  createdAt: string;
  /** Webhook delivery: `undelivered` alerts are kept and retried later; `no_webhook` when none is set. */
  status: 'pending' | 'delivered' | 'undelivered' | 'no_webhook';
  deliveryAttempts: number;
  lastError?: string;
  /** The optional triage model's reading (advice only). */
  triage?: { summary: string; severity: AlertSeverity; model: string };
  /** ISO-8601: when an operator acknowledged it; absent while open. */
  acknowledgedAt?: string;
  acknowledgedBy?: string;
}

export interface AlertPage {
  alerts: Alert[];
  nextCursor?: string;
}

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
}

/** p50/p95/p99 in milliseconds. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export type OutcomeCounts = Record<AttemptOutcome, number>;

/** `GET /v1/metrics` (see shared/http/openapi.ts and docs/monitoring.md). */
export interface Metrics {
  from: string;
  to: string;
  bucketSeconds: number;
  totals: {
    attempts: number;
    outcomes: OutcomeCounts;
    reasons: Record<string, number>;
    throughputPerMinute: number;
    latency: Percentiles | null;
    stages: Record<string, Percentiles>;
    labels: { genuine: number; impostor: number; fraud: number };
  };
  buckets: {
    start: string;
    attempts: number;
    outcomes: OutcomeCounts;
    throughputPerMinute: number;
    latency: Percentiles | null;
  }[];
  scores: {
    threshold: number;
    binWidth: number;
    bins: {
      from: number;
      to: number;
      granted: number;
      denied: number;
      labelledGenuine: number;
      labelledImpostor: number;
    }[];
  };
  frr: {
    falseRejects: number;
    linkedRetries: number;
    labelledGenuine: number;
    genuineAttempts: number;
    estimate: number | null;
    linkWindowSeconds: number;
  };
  far: {
    falseAccepts: number;
    impostorAttempts: number;
    presumedImpostors: number;
    grants: number;
    estimate: number | null;
  };
  /** The threshold for the tenant's population (self-calibration); absent on servers without it. */
  calibration?: {
    modelVersion: string;
    threshold: number;
    source: 'global' | 'gallery';
    targetFar: number;
    users: number;
    minUsers: number;
    impostorScores: number;
    galleryThreshold: number | null;
    globalThreshold: number;
    floor: number;
    estimatedFar: number;
    farUpper95: number;
  };
}

export interface DriftWindow {
  start: string;
  end: string;
  count: number;
}

export interface FeatureDrift {
  feature: string;
  referenceCount: number;
  recentCount: number;
  psi?: number;
  ks?: number;
  ksPValue?: number;
  meanShift?: number;
  referenceMean?: number;
  recentMean?: number;
  moved: boolean;
  severity?: 'warning' | 'alert';
  trigger?: { statistic: 'psi' | 'ks' | 'mean_shift'; value: number; threshold: number };
}

/** One run of the drift check, as `GET /v1/drift` lists it. */
export interface DriftReport {
  id: string;
  modelVersion: string;
  status: 'stable' | 'drift' | 'insufficient';
  severity: 'warning' | 'alert' | null;
  window: DriftWindow;
  reference: DriftWindow;
  moved: string[];
  features: FeatureDrift[];
  createdAt: string;
}

export interface DriftReportPage {
  reports: DriftReport[];
  nextCursor?: string;
}
