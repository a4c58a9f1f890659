/**
 * The threshold a tenant is served at. Impostor scores depend on the population (FaceRecognitionNet's strangers
 * score ~0.16 on one set and ~0.25 on another), so one global threshold is wrong somewhere. A tenant's own gallery
 * tells its population: every cross-user score among its enrolled templates is an impostor score. Once the gallery
 * is large enough, the tenant's threshold is the 1e-3 tail threshold of those scores (impostor-tail.ts), never
 * below the floor; smaller galleries get the global threshold calibrated on the pooled development populations.
 */
import { boundedRate, type BoundedRate } from './far-bounds.js';
import { tailThreshold } from './impostor-tail.js';

export interface ThresholdPolicy {
  targetFar: number;
  /** Pooled development calibration: for tenants whose gallery cannot calibrate yet. */
  global: number;
  /** The lowest a gallery-calibrated threshold may go: the lowest 1e-3 threshold of any development population. */
  floor: number;
  /** Users a gallery needs before its own scores set the threshold. */
  minUsers: number;
}

export const DEFAULT_MIN_USERS = 30;

/**
 * A gallery of a few hundred to a few thousand cross-user scores estimates the 1e-3 point only to within a factor of
 * about two (measured on synthetic populations: 1,770 and 3,160 scores gave probe FARs of 1.5-2.05e-3). The gallery
 * threshold is therefore read at targetFar / GALLERY_SAFETY, so the error falls on the side of the promise.
 */
export const GALLERY_SAFETY = 2;

export interface TenantThreshold {
  threshold: number;
  /** `global` below `minUsers`; `gallery` when the tenant's own impostor scores set it (floored). */
  source: 'global' | 'gallery';
  users: number;
  /** Cross-user scores the estimate rests on. */
  impostor_scores: number;
  /** The gallery's own tail threshold (before the floor); absent when the gallery is too small. */
  gallery_threshold?: number;
  /** Share of the gallery's impostor scores at or above `threshold`, with its 95% upper bound. */
  estimated: BoundedRate;
}

export function tenantThreshold(
  policy: ThresholdPolicy,
  impostorScores: readonly number[],
  users: number,
): TenantThreshold {
  const calibrates = users >= policy.minUsers && impostorScores.length > 0;
  const gallery = calibrates ? tailThreshold(impostorScores, policy.targetFar / GALLERY_SAFETY).threshold : undefined;
  const threshold = gallery === undefined ? policy.global : Math.max(policy.floor, gallery);
  let accepts = 0;
  for (const s of impostorScores) if (s >= threshold) accepts++;
  return {
    threshold,
    source: gallery === undefined ? 'global' : 'gallery',
    users,
    impostor_scores: impostorScores.length,
    ...(gallery === undefined ? {} : { gallery_threshold: gallery }),
    estimated: boundedRate(accepts, impostorScores.length),
  };
}
