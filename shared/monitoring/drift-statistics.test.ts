/**
 * The drift statistics against reference values computed independently (numpy / scipy 1.17, noted beside each
 * figure) and against brute-force definitions on random samples (fast-check), so a wrong bin edge, a lost tie or a
 * wrong series term fails here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PSI_EMPTY_BIN,
  binCounts,
  kolmogorovQ,
  kolmogorovSmirnov,
  ksPValue,
  populationStabilityIndex,
  psiFromCounts,
  quantileEdges,
} from './drift-statistics.js';

/** Two small samples (numpy default_rng(7): normal(0, 1) × 12 and normal(0.8, 1.3) × 9, rounded to 3 places). */
const REF = [0.001, 0.299, -0.274, -0.891, -0.455, -0.992, 0.06, 1.34, -0.492, -0.62, 0.49, 0.357];
const REC = [0.937, -0.41, 0.762, 1.704, -0.947, 0.205, -1.672, -0.876, -1.594];

const sample = fc.array(
  fc.integer({ min: -20, max: 20 }).map((v) => v / 4),
  { minLength: 1, maxLength: 40 },
);

/** sup over every sample point of |F_a(x) − F_b(x)|, straight from the definition. */
function bruteForceKs(a: readonly number[], b: readonly number[]): number {
  const cdf = (s: readonly number[], x: number) => s.filter((v) => v <= x).length / s.length;
  return Math.max(...[...a, ...b].map((x) => Math.abs(cdf(a, x) - cdf(b, x))));
}

describe('population stability index', () => {
  it('matches numpy on the hand-checkable case: bins (≤2.5, ≤5.5, rest), 2/3/3 vs 4/1/3 of 8', () => {
    const reference = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(binCounts(reference, [2.5, 5.5])).toEqual([2, 3, 3]);
    expect(binCounts([1, 1, 2, 2, 4, 6, 7, 8], [2.5, 5.5])).toEqual([4, 1, 3]);
    // numpy: 0.44793986730701374 (= 0.25·ln 6) and 0.27465307216702745
    expect(populationStabilityIndex(reference, [1, 1, 2, 2, 4, 6, 7, 8], [2.5, 5.5])).toBeCloseTo(0.4479398673, 9);
    expect(populationStabilityIndex(reference, [1, 1, 2, 2, 3, 3, 7, 8], [2.5, 5.5])).toBeCloseTo(0.2746530722, 9);
  });

  it('matches numpy on samples binned at the reference deciles, empty bins counted as 1e-4', () => {
    const edges = quantileEdges(REF);
    // numpy.quantile(REF, i/10), i = 1..9
    const numpyEdges = [-0.8639, -0.5944, -0.4809, -0.3826, -0.1365, 0.0364, 0.2273, 0.3454, 0.4767];
    edges.forEach((edge, i) => expect(edge).toBeCloseTo(numpyEdges[i]!, 9));
    expect(edges).toHaveLength(9);
    expect(binCounts(REF, edges)).toEqual([2, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    expect(binCounts(REC, edges)).toEqual([4, 0, 0, 1, 0, 0, 1, 0, 0, 3]);
    expect(PSI_EMPTY_BIN).toBe(1e-4);
    expect(populationStabilityIndex(REF, REC)).toBeCloseTo(3.762641038593569, 9); // numpy
  });

  it('is 0 for identical samples and puts a value equal to an edge in the lower bin', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    expect(populationStabilityIndex(values, [...values].reverse())).toBe(0);
    expect(binCounts([2.5, 2.5000001], [2.5])).toEqual([1, 1]);
  });

  it('cuts bins at the reference deciles (numpy-style interpolation), without duplicate edges', () => {
    const edges = quantileEdges([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(edges.map((e) => Math.round(e * 1e9) / 1e9)).toEqual([1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1]);
    // Ranks 0.4, 0.8 … 3.6 of (7, 7, 7, 7, 8): seven deciles are 7, then 7.2 and 7.6.
    expect(quantileEdges([7, 7, 7, 7, 8]).map((e) => Math.round(e * 1e9) / 1e9)).toEqual([7, 7.2, 7.6]);
    expect(() => quantileEdges([])).toThrow(RangeError);
    expect(() => psiFromCounts([1, 2], [1])).toThrow(RangeError);
    expect(() => psiFromCounts([0, 0], [1, 1])).toThrow(RangeError);
  });

  it('on random samples: counts every value once, rising edges, PSI ≥ 0 and symmetric', () => {
    fc.assert(
      fc.property(sample, sample, (reference, recent) => {
        const edges = quantileEdges(reference);
        for (let i = 1; i < edges.length; i++) expect(edges[i]).toBeGreaterThan(edges[i - 1]!);
        const ref = binCounts(reference, edges);
        const rec = binCounts(recent, edges);
        expect(ref.reduce((s, c) => s + c, 0)).toBe(reference.length);
        expect(rec.reduce((s, c) => s + c, 0)).toBe(recent.length);
        const psi = psiFromCounts(ref, rec);
        expect(psi).toBeGreaterThanOrEqual(0);
        expect(psiFromCounts(rec, ref)).toBeCloseTo(psi, 9);
      }),
      { seed: 15, numRuns: 300 },
    );
  });
});

describe('two-sample Kolmogorov–Smirnov', () => {
  it('matches scipy: statistic from ks_2samp, p-value from special.kolmogorov at Stephens’ λ', () => {
    expect(kolmogorovSmirnov([1, 2, 3, 4], [3, 4, 5, 6])).toEqual({
      statistic: 0.5,
      pValue: expect.closeTo(0.5344157192165071, 6) as number,
    });
    const ties = kolmogorovSmirnov([1, 1, 2, 2], [1, 2, 2, 2]);
    expect(ties.statistic).toBe(0.25);
    expect(ties.pValue).toBeCloseTo(0.9968756885202121, 6);
    const drawn = kolmogorovSmirnov(REF, REC);
    expect(drawn.statistic).toBeCloseTo(0.2777777777777778, 12);
    expect(drawn.pValue).toBeCloseTo(0.749512648042722, 6);
  });

  it('Q_KS matches scipy.special.kolmogorov and is 1 at λ = 0', () => {
    expect(kolmogorovQ(0)).toBe(1);
    const scipy: [number, number][] = [
      [0.5, 0.963945244],
      [1, 0.269999672],
      [1.5, 0.0222179626],
      [2, 0.000670925256],
    ];
    for (const [lambda, q] of scipy) expect(kolmogorovQ(lambda)).toBeCloseTo(q, 8);
    expect(ksPValue(0.3, 100, 100)).toBeCloseTo(1.7421e-4, 7);
    expect(() => kolmogorovSmirnov([], [1])).toThrow(RangeError);
  });

  it('on random samples: D is the brute-force supremum, symmetric, and p falls as D grows', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ks = kolmogorovSmirnov(a, b);
        expect(ks.statistic).toBeCloseTo(bruteForceKs(a, b), 12);
        expect(kolmogorovSmirnov(b, a).statistic).toBe(ks.statistic);
        expect(ks.pValue).toBeGreaterThanOrEqual(0);
        expect(ks.pValue).toBeLessThanOrEqual(1);
        expect(ksPValue(Math.min(1, ks.statistic + 0.1), a.length, b.length)).toBeLessThanOrEqual(ks.pValue);
      }),
      { seed: 15, numRuns: 300 },
    );
  });
});
