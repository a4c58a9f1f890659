/** The decision threshold of each model version, from models/manifest.json. */
import type { ModelManifest } from '../face/models/model-manifest.js';

/** The false accept rate the service operates at; `npm run calibrate -- --far 1e-3` records its threshold. */
export const TARGET_FAR = '1e-3';

/** Dlib's published operating point (distance 0.6) for an embedder that has not been calibrated yet. */
export const UNCALIBRATED_THRESHOLD = 0.4;

/**
 * `override` (FACEGATE_VERIFY_THRESHOLD) when set, else the version's calibrated threshold for TARGET_FAR, else the
 * uncalibrated fallback. Each version has its own: scores of two embedders are not on the same scale.
 */
export function manifestThreshold(manifest: ModelManifest, modelVersion: string, override?: number): number {
  return override ?? manifest.embedders[modelVersion]?.thresholds[TARGET_FAR] ?? UNCALIBRATED_THRESHOLD;
}
