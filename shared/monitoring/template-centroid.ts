/**
 * How far the mean embedding of one set of templates lies from another's, in units of its own sampling noise.
 * Under no drift, two windows' centroids differ only by chance: E‖c₁ − c₂‖² = s₁²/n₁ + s₂²/n₂, where s² is the
 * mean squared distance of a window's templates to its centroid. The ratio is therefore about 1 when nothing
 * changed, whatever the window sizes, and grows when the population of faces (or the camera) moved.
 */

/** The standardized shift reported when both windows have zero spread but different centroids. */
export const NO_NOISE_SHIFT = 1e6;

export interface CentroidShift {
  /** ‖c_recent − c_reference‖ / √(s²_ref/n_ref + s²_rec/n_rec). */
  standardized: number;
  /** ‖c_recent − c_reference‖ in embedding units. */
  distance: number;
  referenceCount: number;
  recentCount: number;
}

/** Mean vector and mean squared distance to it. */
export function centroid(vectors: readonly Float32Array[]): { mean: Float64Array; spread: number } {
  const first = vectors[0];
  if (!first) throw new RangeError('centroid of no vectors');
  const mean = new Float64Array(first.length);
  for (const v of vectors) {
    if (v.length !== mean.length) throw new RangeError('vectors of different dimensions');
    for (let i = 0; i < v.length; i++) mean[i]! += v[i]!;
  }
  for (let i = 0; i < mean.length; i++) mean[i]! /= vectors.length;
  let spread = 0;
  for (const v of vectors) {
    for (let i = 0; i < v.length; i++) spread += (v[i]! - mean[i]!) ** 2;
  }
  return { mean, spread: spread / vectors.length };
}

export function centroidShift(reference: readonly Float32Array[], recent: readonly Float32Array[]): CentroidShift {
  const ref = centroid(reference);
  const rec = centroid(recent);
  if (ref.mean.length !== rec.mean.length) throw new RangeError('windows of different embedding dimensions');
  let squared = 0;
  for (let i = 0; i < ref.mean.length; i++) squared += (rec.mean[i]! - ref.mean[i]!) ** 2;
  const distance = Math.sqrt(squared);
  const noise = Math.sqrt(ref.spread / reference.length + rec.spread / recent.length);
  return {
    // Identical templates in both windows have no noise: any distance at all is then a (capped) shift.
    standardized: noise > 0 ? distance / noise : distance > 0 ? NO_NOISE_SHIFT : 0,
    distance,
    referenceCount: reference.length,
    recentCount: recent.length,
  };
}
