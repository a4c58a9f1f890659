/** Everything the use cases need, injected once by the composition root. */
import type { BurstLiveness } from '../ports/burst-liveness.js';
import type { TokenIssuer } from '../auth/token-issuer.js';
import type { TemplateCipher } from '../crypto/template-cipher.js';
import type { FaceEngines } from '../face/face-engines.js';
import type { QualityPolicy } from '../face/quality/quality-policy.js';
import type { LockoutPolicy } from '../domain/lockout-policy.js';
import type { IncidentTriage } from '../ports/incident-triage.js';
import type { WebhookSender } from '../ports/webhook-sender.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { EventBus } from '../ports/event-bus.js';
import type { Repositories } from '../ports/repositories.js';
import type { DriftPolicy } from '../monitoring/drift-policy.js';
import type { Logger } from './logger.js';
import type { IdentifyIndex } from './template-index.js';
import type { TenantThresholds } from './tenant-thresholds.js';
import type { ThresholdPolicy } from '../calibration/tenant-threshold.js';

export interface MatchPolicy {
  /**
   * Score at or above which a comparison with templates of `modelVersion` is a match: the version's threshold
   * calibrated for `targetFar` in models/manifest.json, unless configuration overrides it.
   */
  thresholdFor(modelVersion: string): number;
  /** The version's per-tenant policy (global threshold, floor, gallery size); absent = `thresholdFor` for all. */
  policyFor?(modelVersion: string): ThresholdPolicy;
  /** Identify: the best user must beat the runner-up by this much. */
  identifyMargin: number;
  /** Target FAR the threshold was calibrated for, for display. */
  targetFar: string;
}

/** Throttling of login attempts: per account (lockout) and per client IP and API key (rate limits). */
export interface SecurityPolicy {
  /**
   * What a presentation-attack verdict does: `enforce` denies (verify, identify) or rejects (enrollment) a face
   * the PAD model judges not live and raises an alert; `observe` only records the liveness score.
   */
  padMode: 'enforce' | 'observe';
  lockout: LockoutPolicy;
  /**
   * Requests per minute on the attempt and enrollment routes; 0 = no limit. Per client address first (IPv6: per
   * /64), then per API key; once the key's budget is spent, an address is still served up to `keySharePerMinute`
   * (absent: 0), so one address (or a few) cannot spend it for every end user of the key.
   */
  rateLimits: { perIpPerMinute: number; perKeyPerMinute: number; keySharePerMinute?: number };
  /** `attempts` denied identifications from one client IP within a fixed window of `windowMs` raise `identify_probing`; 0 = off. */
  identifyProbing: { attempts: number; windowMs: number };
}

/** How alerts are POSTed to the tenant's webhook. */
export interface AlertDeliveryPolicy {
  /** POSTs in one delivery run before the alert is kept as `undelivered`. */
  attempts: number;
  /** Pause before the second POST of a run; doubles before each further one. */
  backoffMs: number;
  /** How long one POST may take. */
  timeoutMs: number;
  /** Delay before the first later run for an undelivered alert; doubles per run up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Undelivered alerts older than this are no longer retried (they stay recorded and listed). */
  retryForMs: number;
  sleep(ms: number): Promise<void>;
}

export interface AppDeps {
  repos: Repositories;
  /** The template keys, which also seal stored enrollment photos (shared/crypto/envelope.ts). */
  cipher: TemplateCipher;
  blobs: BlobStore;
  bus: EventBus;
  /** Every embedder version; which one a tenant uses is `tenantModel` (use-cases/tenant-model.ts). */
  engines: FaceEngines;
  /** Multi-frame liveness evidence (shared/face/burst/landmark-burst-check.ts). */
  burstLiveness: BurstLiveness;
  tokens: TokenIssuer;
  clock: Clock;
  log: Logger;
  /** 1:N search (template-index.ts: the in-memory adapter). */
  index: IdentifyIndex;
  match: MatchPolicy;
  /** Self-calibrated thresholds per tenant (tenant-thresholds.ts); absent = the version's threshold for everyone. */
  thresholds?: TenantThresholds;
  /** Quality gate for enrollment captures (strict: a template is kept for years). */
  enrollQuality: Partial<QualityPolicy>;
  upload: { maxBytes: number; urlTtlSeconds: number };
  /** Lifetime of a login challenge (`POST /v1/challenges`) in seconds. */
  challengeTtlSeconds: number;
  /**
   * Origins where secret keys' callers and the hosted OIDC pages run passkey ceremonies (the service's public
   * origin); a publishable key uses its own origins instead. Absent: none.
   */
  passkeyOrigins?: readonly string[];
  backend: string;
  /** Online metrics: the FRR link window and the most attempts one metrics window may hold. */
  monitoring: { frrLinkWindowMs: number; metricsMaxAttempts: number };
  drift: DriftPolicy;
  security: SecurityPolicy;
  webhooks: WebhookSender;
  alertDelivery: AlertDeliveryPolicy;
  /** Optional model triage of incidents; absent = off. */
  triage?: IncidentTriage;
}
