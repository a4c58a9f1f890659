import { itemAt } from './item-at.js';

/**
 * The p-th percentile (0..100) with linear interpolation between closest ranks (numpy's default, R type 7).
 * Throws on an empty sample or NaN values: a latency figure of nothing must not look like a number.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  if (values.length === 0) throw new RangeError('percentile of an empty sample');
  if (values.some((v) => Number.isNaN(v))) throw new RangeError('percentile of a sample containing NaN');
  const sorted = [...values].sort((x, y) => x - y);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const below = itemAt(sorted, lo, 'rank');
  return below + (rank - lo) * (itemAt(sorted, hi, 'rank') - below);
}

/** p50/p95 (and mean) of a latency sample in ms; nulls when the sample is empty. */
export interface LatencySummary {
  p50: number | null;
  p95: number | null;
  mean: number | null;
  n: number;
}

export function summariseLatency(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { p50: null, p95: null, mean: null, n: 0 };
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return { p50: percentile(values, 50), p95: percentile(values, 95), mean, n: values.length };
}
