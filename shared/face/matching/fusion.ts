/**
 * Score-level fusion of several embedders whose vectors are stored one after another in a single template.
 * Each part is scored with its own metric, z-normalised with the mean and standard deviation of its impostor
 * scores on the pooled development sets, and the z-scores are summed with weights that add up to 1. The fused
 * score is therefore in "impostor standard deviations": about 0 for a stranger, well above 3 for the same person.
 */
import { cosineSimilarity } from './cosine-similarity.js';
import { euclideanDistance } from './euclidean-distance.js';

export interface FusionPart {
  /** Model version of the part (e.g. `frn128-flip-v1`); informative. */
  id: string;
  metric: 'cosine' | 'euclidean';
  /** Length of this part's slice of the template. */
  dims: number;
  /** z-normalisation: mean and standard deviation of the part's impostor scores. */
  mean: number;
  sd: number;
  weight: number;
}

export interface FusionMetric {
  kind: 'fusion';
  parts: readonly FusionPart[];
}

/** The part's raw score (the part's own metric, as `similarity()` gives it). */
export function partScore(part: Pick<FusionPart, 'metric'>, a: Float32Array, b: Float32Array): number {
  return part.metric === 'euclidean' ? 1 - euclideanDistance(a, b) : cosineSimilarity(a, b);
}

/** The slices of a fused template, one per part. @throws Error when the length is not the parts' total. */
export function splitParts(metric: FusionMetric, v: Float32Array): Float32Array[] {
  const total = metric.parts.reduce((s, p) => s + p.dims, 0);
  if (v.length !== total) throw new Error(`Embedding dimensions differ: ${v.length} vs ${total} (fused)`);
  let offset = 0;
  return metric.parts.map((p) => {
    const slice = v.subarray(offset, offset + p.dims);
    offset += p.dims;
    return slice;
  });
}

export function combine(metric: FusionMetric, partScores: readonly number[]): number {
  let s = 0;
  metric.parts.forEach((p, i) => (s += (p.weight * (partScores[i]! - p.mean)) / p.sd));
  return s;
}

export function fusedSimilarity(metric: FusionMetric, a: Float32Array, b: Float32Array): number {
  const pa = splitParts(metric, a);
  const pb = splitParts(metric, b);
  return combine(
    metric,
    metric.parts.map((p, i) => partScore(p, pa[i]!, pb[i]!)),
  );
}

/** Validates a fusion spec read from the manifest. @throws Error naming the problem */
export function checkFusion(metric: FusionMetric): FusionMetric {
  if (metric.parts.length < 2) throw new Error('A fusion needs at least two parts');
  for (const p of metric.parts) {
    if (!(p.sd > 0) || !Number.isFinite(p.mean) || !(p.weight >= 0) || !(p.dims > 0)) {
      throw new Error(`Fusion part ${p.id} has invalid parameters (sd > 0, weight >= 0, dims > 0 required)`);
    }
  }
  const total = metric.parts.reduce((s, p) => s + p.weight, 0);
  if (Math.abs(total - 1) > 1e-6) throw new Error(`Fusion weights add up to ${total}, not 1`);
  return metric;
}
