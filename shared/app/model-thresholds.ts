/** The decision threshold of each model version, from models/manifest.json. */
import type { ModelManifest } from '../face/models/model-manifest.js';
import { DEFAULT_MIN_USERS, type ThresholdPolicy } from '../calibration/tenant-threshold.js';

/** The false accept rate the service operates at; `npm run calibrate -- --far 1e-3` records its threshold. */
export const TARGET_FAR = '1e-3';

/** Dlib's published operating point (distance 0.6) for an embedder that has not been calibrated yet. */
export const UNCALIBRATED_THRESHOLD = 0.4;

/**
 * Whether FACEGATE_VERIFY_THRESHOLD (a similarity in [-1, 1]) can apply to a version. A fusion scores in impostor
 * standard deviations (a stranger about 0, its 1e-3 threshold near 3), so an override on the [-1, 1] scale would
 * accept nearly every stranger: fusions keep their calibrated threshold.
 */
export function overrideApplies(manifest: ModelManifest, modelVersion: string): boolean {
  return manifest.embedders[modelVersion]?.metric !== 'fusion';
}

/**
 * `override` (FACEGATE_VERIFY_THRESHOLD) when set and on the version's scale, else the version's calibrated threshold
 * for TARGET_FAR, else the uncalibrated fallback. Each version has its own: scores of two embedders are not on the
 * same scale.
 */
export function manifestThreshold(manifest: ModelManifest, modelVersion: string, override?: number): number {
  const applied = overrideApplies(manifest, modelVersion) ? override : undefined;
  return applied ?? manifest.embedders[modelVersion]?.thresholds[TARGET_FAR] ?? UNCALIBRATED_THRESHOLD;
}

/** What `npm run calibrate` records beside the threshold (models/manifest.json `calibration`). */
export interface CalibrationEntry {
  method: string;
  /** Lowest threshold a gallery-calibrated tenant may get (lowest per-population development threshold). */
  floor: number;
  /** Gallery size from which a tenant's own impostor scores set its threshold. */
  min_gallery_users: number;
  [key: string]: unknown;
}

/**
 * The per-tenant threshold policy of a version (calibration/tenant-threshold.ts). With an override
 * (FACEGATE_VERIFY_THRESHOLD) that applies to the version, every tenant gets exactly that value: the gallery never
 * moves it.
 */
export function thresholdPolicy(manifest: ModelManifest, modelVersion: string, override?: number): ThresholdPolicy {
  const applied = overrideApplies(manifest, modelVersion) ? override : undefined;
  const global = manifestThreshold(manifest, modelVersion, applied);
  const calibration = manifest.embedders[modelVersion]?.['calibration'] as CalibrationEntry | undefined;
  if (applied !== undefined || !calibration) {
    return { targetFar: Number(TARGET_FAR), global, floor: global, minUsers: Number.POSITIVE_INFINITY };
  }
  return {
    targetFar: Number(TARGET_FAR),
    global,
    floor: Math.min(calibration.floor, global),
    minUsers: calibration.min_gallery_users ?? DEFAULT_MIN_USERS,
  };
}
