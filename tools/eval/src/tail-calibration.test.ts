import { describe, expect, it } from 'vitest';
import { clopperPearsonUpper } from '../../../shared/calibration/far-bounds.js';
import { tailCalibration } from './tail-calibration.js';

/** Exponential impostor scores (rate 10) offset per population, plus well-separated genuine ones. */
function scores(dataset: string, offset: number, n: number, seed: number) {
  let x = seed;
  const u = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) + 0.5) / 4294967296;
  };
  return [
    ...Array.from({ length: n }, () => ({ dataset, score: { genuine: false, score: offset - Math.log(u()) / 10 } })),
    ...Array.from({ length: 50 }, () => ({ dataset, score: { genuine: true, score: 2 } })),
    // An unscored impostor pair (failure to acquire) is no impostor score.
    { dataset, score: { genuine: false, score: Number.NEGATIVE_INFINITY } },
  ];
}

describe('tail calibration', () => {
  it('pools the populations, floors at the lightest one and bounds every FAR', () => {
    const c = tailCalibration([...scores('light', 0, 600, 3), ...scores('heavy', 0.15, 900, 5)], 1e-3);
    expect(c.pooled.impostor_pairs).toBe(1500);
    expect(c.populations['light']!.impostor_pairs).toBe(600);
    // The heavier population sets the global threshold; the lighter one the floor.
    expect(c.threshold).toBeGreaterThan(c.populations['light']!.tail.threshold);
    expect(c.floor).toBe(c.populations['light']!.tail.threshold);
    expect(c.floor).toBeLessThan(c.populations['heavy']!.tail.threshold);
    // At most floor(1e-3 x 1500) = 1 pooled impostor pair accepted, and the bound says what that certifies.
    expect(c.pooled.false_accepts).toBeLessThanOrEqual(1);
    expect(c.pooled.far_upper_95).toBeCloseTo(clopperPearsonUpper(c.pooled.false_accepts, 1500), 10);
    const heavy = c.populations['heavy']!.at_global;
    expect(heavy.far_upper_95).toBeCloseTo(clopperPearsonUpper(heavy.false_accepts, 900), 10);
    expect(c.method).toMatch(/generalised Pareto/);
    expect(c.caveat).toContain(
      `1500 impostor pairs certify a FAR of at most ${c.pooled.far_upper_95.toExponential(2)}`,
    );
    expect(c.min_gallery_users).toBe(30);
  });

  it('refuses a run without impostor pairs', () => {
    expect(() => tailCalibration([{ dataset: 'x', score: { genuine: true, score: 1 } }], 1e-3)).toThrow(/impostor/);
  });
});
