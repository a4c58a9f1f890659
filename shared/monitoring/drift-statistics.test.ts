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

describe('population stability index', () => {
  it('matches a hand computation: bins (≤2.5, ≤5.5, rest), 2/3/3 vs 4/1/3 of 8', () => {
    const reference = [1, 2, 3, 4, 5, 6, 7, 8];
    const recent = [1, 1, 2, 2, 4, 6, 7, 8];
    expect(binCounts(reference, [2.5, 5.5])).toEqual([2, 3, 3]);
    expect(binCounts(recent, [2.5, 5.5])).toEqual([4, 1, 3]);
    // (0.5 − 0.25)·ln(0.5/0.25) + (0.125 − 0.375)·ln(0.125/0.375) + 0 = 0.25·ln 2 + 0.25·ln 3 = 0.25·ln 6
    expect(populationStabilityIndex(reference, recent, [2.5, 5.5])).toBeCloseTo(0.25 * Math.log(6), 12);
    expect(0.25 * Math.log(6)).toBeCloseTo(0.44794, 5);
  });

  it('counts an empty bin as 1e-4 so the logarithm stays finite', () => {
    // e = (.25, .375, .375), a = (.5, 1e-4, .5)
    const expected =
      0.25 * Math.log(0.5 / 0.25) +
      (PSI_EMPTY_BIN - 0.375) * Math.log(PSI_EMPTY_BIN / 0.375) +
      0.125 * Math.log(0.5 / 0.375);
    expect(psiFromCounts([2, 3, 3], [4, 0, 4])).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(3.29449, 5);
  });

  it('is 0 for identical samples and puts a value equal to an edge in the lower bin', () => {
    const sample = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    expect(populationStabilityIndex(sample, [...sample].reverse())).toBe(0);
    expect(binCounts([2.5, 2.5000001], [2.5])).toEqual([1, 1]);
  });

  it('cuts bins at the reference deciles (numpy-style interpolation), without duplicate edges', () => {
    const edges = quantileEdges([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(edges.map((e) => Math.round(e * 1e9) / 1e9)).toEqual([1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1]);
    // Ranks 0.4, 0.8 … 3.6 of (7, 7, 7, 7, 8): seven deciles are 7, then 7.2 and 7.6.
    expect(quantileEdges([7, 7, 7, 7, 8]).map((e) => Math.round(e * 1e9) / 1e9)).toEqual([7, 7.2, 7.6]);
    expect(() => quantileEdges([])).toThrow(RangeError);
    expect(() => psiFromCounts([1, 2], [1])).toThrow(RangeError);
  });
});

describe('two-sample Kolmogorov–Smirnov', () => {
  it('matches a hand computation: {1,2,3,4} vs {3,4,5,6} gives D = 0.5, p ≈ 0.534', () => {
    const ks = kolmogorovSmirnov([1, 2, 3, 4], [3, 4, 5, 6]);
    expect(ks.statistic).toBe(0.5);
    // nₑ = 4·4/8 = 2; λ = (√2 + 0.12 + 0.11/√2)·0.5 = 0.805998; Q(λ) = 2(e^{−2λ²} − e^{−8λ²} + …) = 0.534416
    expect(ks.pValue).toBeCloseTo(0.534416, 5);
  });

  it('walks ties together and is symmetric', () => {
    expect(kolmogorovSmirnov([1, 1, 2, 2], [1, 2, 2, 2]).statistic).toBe(0.25);
    expect(kolmogorovSmirnov([1, 2], [1, 2]).statistic).toBe(0);
    const a = [0.1, 0.4, 0.35, 0.8, 0.9];
    const b = [0.2, 0.25, 0.3];
    expect(kolmogorovSmirnov(a, b).statistic).toBe(kolmogorovSmirnov(b, a).statistic);
    expect(kolmogorovSmirnov(a, b).statistic).toBeCloseTo(0.8, 12);
  });

  it('p-value: 1 at D = 0, tiny for a large D on large samples (D = 0.3, n = m = 100 → 1.74e-4)', () => {
    expect(kolmogorovQ(0)).toBe(1);
    expect(ksPValue(0.3, 100, 100)).toBeCloseTo(1.7421e-4, 7);
    expect(() => kolmogorovSmirnov([], [1])).toThrow(RangeError);
  });
});
