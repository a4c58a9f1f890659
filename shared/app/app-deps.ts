/** Everything the use cases need, injected once by the composition root. */
import type { TokenIssuer } from '../auth/token-issuer.js';
import type { FaceEngines } from '../face/face-engines.js';
import type { QualityPolicy } from '../face/quality/quality-policy.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { EventBus } from '../ports/event-bus.js';
import type { Repositories } from '../ports/repositories.js';
import type { DriftPolicy } from '../monitoring/drift-policy.js';
import type { Logger } from './logger.js';
import type { TemplateIndex } from './template-index.js';

export interface MatchPolicy {
  /**
   * Score at or above which a comparison with templates of `modelVersion` is a match: the version's threshold
   * calibrated for `targetFar` in models/manifest.json, unless configuration overrides it.
   */
  thresholdFor(modelVersion: string): number;
  /** Identify: the best user must beat the runner-up by this much. */
  identifyMargin: number;
  /** Target FAR the threshold was calibrated for, for display. */
  targetFar: string;
}

export interface AppDeps {
  repos: Repositories;
  blobs: BlobStore;
  bus: EventBus;
  /** Every embedder version; which one a tenant uses is `tenantModel` (use-cases/tenant-model.ts). */
  engines: FaceEngines;
  tokens: TokenIssuer;
  clock: Clock;
  log: Logger;
  index: TemplateIndex;
  match: MatchPolicy;
  /** Quality gate for enrollment captures (strict: a template is kept for years). */
  enrollQuality: Partial<QualityPolicy>;
  upload: { maxBytes: number; urlTtlSeconds: number };
  /** Lifetime of a login challenge (`POST /v1/challenges`) in seconds. */
  challengeTtlSeconds: number;
  backend: string;
  /** Online metrics: the FRR link window and the most attempts one metrics window may hold. */
  monitoring: { frrLinkWindowMs: number; metricsMaxAttempts: number };
  drift: DriftPolicy;
}
