import { describe, expect, it } from 'vitest';
import { boundedRate, clopperPearsonUpper } from './far-bounds.js';
import { empiricalThreshold, fitTail, tailQuantile, tailThreshold } from './impostor-tail.js';

/** Deterministic uniform draws (xorshift32). */
function uniforms(n: number, seed = 12345): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) + 0.5) / 4294967296;
  });
}

describe('Clopper–Pearson upper bound', () => {
  it('gives the rule of three for zero events and the textbook values otherwise', () => {
    expect(clopperPearsonUpper(0, 1000)).toBeCloseTo(0.002991, 5);
    // Exact one-sided 95% bounds: 1 in 100 -> 0.04656; 5 in 1000 -> 0.01051.
    expect(clopperPearsonUpper(1, 100)).toBeCloseTo(0.04656, 4);
    expect(clopperPearsonUpper(5, 1000)).toBeCloseTo(0.01051, 4);
    expect(clopperPearsonUpper(10, 10)).toBe(1);
    expect(() => clopperPearsonUpper(3, 2)).toThrow(RangeError);
    const bounded = boundedRate(0, 900);
    expect(bounded).toMatchObject({ false_accepts: 0, comparisons: 900, far: 0 });
    expect(bounded.far_upper_95).toBeCloseTo(0.00332, 5);
  });
});

describe('impostor tail fit', () => {
  it('recovers a known exponential tail and extrapolates its quantile beyond the sample', () => {
    // Exponential(rate 10) scores: exact P(X > x) = exp(-10 x); the 1e-4 quantile is ln(1e4)/10 = 0.921.
    const scores = uniforms(5000).map((u) => -Math.log(u) / 10);
    const fit = fitTail(scores)!;
    expect(Math.abs(fit.xi)).toBeLessThan(0.15);
    expect(fit.sigma).toBeCloseTo(0.1, 1);
    expect(tailQuantile(fit, 1e-4)).toBeGreaterThan(0.8);
    expect(tailQuantile(fit, 1e-4)).toBeLessThan(1.05);
  });

  it('operates at the fitted quantile when the scores cannot resolve the rate, never below the empirical one', () => {
    const scores = uniforms(300, 7).map((u) => -Math.log(u) / 10);
    const t = tailThreshold(scores, 1e-3);
    expect(t.impostors).toBe(300);
    expect(t.empirical).toBeGreaterThan(Math.max(...scores));
    expect(t.fitted).toBeDefined();
    expect(t.threshold).toBe(Math.max(t.empirical, t.fitted!));
    // Exact 1e-3 quantile of the generating law: 0.691. A 30-point tail fit is noisy (here it errs high, the safe
    // side); it must still land well beyond the sample's maximum and within a factor of two of the truth.
    expect(t.threshold).toBeGreaterThan(0.6);
    expect(t.threshold).toBeLessThan(1.4);
  });

  it('falls back to the empirical threshold with too few scores to fit', () => {
    const t = tailThreshold([0.1, 0.2, 0.3], 1e-3);
    expect(t.fit).toBeUndefined();
    expect(t.threshold).toBe(t.empirical);
    expect(empiricalThreshold([0.1, 0.5, 0.3, 0.2], 0.25)).toBeGreaterThan(0.3);
    expect(empiricalThreshold([0.1, 0.5, 0.3, 0.2], 0.25)).toBeLessThan(0.3001);
  });
});
