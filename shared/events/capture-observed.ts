import { z } from 'zod';
import { entityId, envelope, modelVersion, qualityFeatures } from './common.js';

/**
 * `capture.observed.v1`: statistics of one capture for drift monitoring. Quality features, score and model
 * version only: the strict schema refuses any extra field, so an image or embedding can never ride along.
 */
export const captureObservedV1 = z.strictObject({
  ...envelope(1),
  captureId: entityId.optional(),
  /** The verify/identify attempt this capture belonged to. */
  attemptId: entityId.optional(),
  kind: z.enum(['enroll', 'verify', 'identify']),
  modelVersion,
  quality: qualityFeatures,
  /** Similarity to the best candidate, when a comparison happened. */
  score: z.number().finite().optional(),
  outcome: z.enum(['accepted', 'rejected', 'granted', 'denied']),
  /** Presentation-attack detection score (0..1, higher = live), when the engine ran PAD. */
  livenessScore: z.number().min(0).max(1).optional(),
  latencyMs: z.number().nonnegative().finite().optional(),
});

export type CaptureObservedV1 = z.infer<typeof captureObservedV1>;
