/**
 * The two-sample statistics the drift check runs on each feature: the population stability index over bins cut
 * at the reference window's quantiles, and the Kolmogorov–Smirnov statistic with its asymptotic p-value. Pure
 * maths over plain arrays.
 */
import { percentile } from '../arrays/percentile.js';

/** Proportion used for an empty bin, so the logarithm stays finite (the usual PSI convention). */
export const PSI_EMPTY_BIN = 1e-4;

/**
 * Bin edges at the reference sample's quantiles (`bins` equal-count bins), duplicates removed so a feature with
 * few distinct values gets fewer, still meaningful, bins.
 */
export function quantileEdges(reference: readonly number[], bins = 10): number[] {
  if (reference.length === 0) throw new RangeError('quantile edges of an empty sample');
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const edge = percentile(reference, (100 * i) / bins);
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges;
}

/** Counts per bin: bin i holds values in (edges[i-1], edges[i]]; the first and last bins are open-ended. */
export function binCounts(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    let i = 0;
    while (i < edges.length && v > edges[i]!) i++;
    counts[i]! += 1;
  }
  return counts;
}

/**
 * PSI = Σ (a − e) · ln(a / e) over bins, e and a the reference and recent proportions (an empty bin counts as
 * {@link PSI_EMPTY_BIN}). 0 = same distribution; by convention < 0.1 stable, 0.1–0.25 a shift, > 0.25 a large one.
 */
export function psiFromCounts(reference: readonly number[], recent: readonly number[]): number {
  if (reference.length !== recent.length) throw new RangeError('PSI needs the same bins on both sides');
  const nRef = reference.reduce((s, c) => s + c, 0);
  const nRec = recent.reduce((s, c) => s + c, 0);
  if (nRef === 0 || nRec === 0) throw new RangeError('PSI of an empty sample');
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const e = Math.max(reference[i]! / nRef, PSI_EMPTY_BIN);
    const a = Math.max(recent[i]! / nRec, PSI_EMPTY_BIN);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

/** PSI of `recent` against `reference`, binned at the reference's deciles (or the given edges). */
export function populationStabilityIndex(
  reference: readonly number[],
  recent: readonly number[],
  edges: readonly number[] = quantileEdges(reference),
): number {
  return psiFromCounts(binCounts(reference, edges), binCounts(recent, edges));
}

/** Two-sample Kolmogorov–Smirnov: D = sup |F_ref(x) − F_rec(x)| and its asymptotic p-value. */
export interface KsResult {
  statistic: number;
  pValue: number;
}

export function kolmogorovSmirnov(reference: readonly number[], recent: readonly number[]): KsResult {
  const n = reference.length;
  const m = recent.length;
  if (n === 0 || m === 0) throw new RangeError('Kolmogorov–Smirnov of an empty sample');
  const a = [...reference].sort((x, y) => x - y);
  const b = [...recent].sort((x, y) => x - y);
  let i = 0;
  let j = 0;
  let d = 0;
  // Walk both sorted samples; ties advance together so D is measured between distinct values only.
  while (i < n && j < m) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return { statistic: d, pValue: ksPValue(d, n, m) };
}

/**
 * P(D ≥ d) under the null hypothesis, from the Kolmogorov distribution with Stephens' small-sample correction
 * λ = (√nₑ + 0.12 + 0.11/√nₑ)·d, nₑ = nm/(n+m) (Numerical Recipes' `probks`).
 */
export function ksPValue(d: number, n: number, m: number): number {
  const ne = Math.sqrt((n * m) / (n + m));
  const lambda = (ne + 0.12 + 0.11 / ne) * d;
  return kolmogorovQ(lambda);
}

/** Q_KS(λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}; 1 where the series has not converged (λ near 0). */
export function kolmogorovQ(lambda: number): number {
  const a2 = -2 * lambda * lambda;
  let fac = 2;
  let sum = 0;
  let previous = 0;
  for (let j = 1; j <= 100; j++) {
    const term = fac * Math.exp(a2 * j * j);
    sum += term;
    if (Math.abs(term) <= 1e-3 * previous || Math.abs(term) <= 1e-8 * sum) return Math.min(1, Math.max(0, sum));
    fac = -fac;
    previous = Math.abs(term);
  }
  return 1;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of an empty sample');
  return values.reduce((s, v) => s + v, 0) / values.length;
}
