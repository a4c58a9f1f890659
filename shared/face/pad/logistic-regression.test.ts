import { describe, expect, it } from 'vitest';
import { predictLogistic, trainLogistic } from './logistic-regression.js';

/** A small deterministic generator (LCG) so the synthetic data is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Two clouds in 5 dimensions, apart along the first two, with one useless constant feature. */
function clouds(n: number, seed: number): { xs: Float32Array[]; labels: boolean[] } {
  const rand = lcg(seed);
  const xs: Float32Array[] = [];
  const labels: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const live = i % 3 !== 0; // unbalanced on purpose
    const shift = live ? 1.5 : -1.5;
    xs.push(Float32Array.from([shift + rand() - 0.5, -shift + rand() - 0.5, rand(), rand() * 3, 7]));
    labels.push(live);
  }
  return { xs, labels };
}

describe('trainLogistic', () => {
  it('separates separable data: every held-out sample on its side of 0.5', () => {
    const train = clouds(120, 1);
    const test = clouds(60, 2);
    const model = trainLogistic(train.xs, train.labels);
    test.xs.forEach((x, i) => {
      const p = predictLogistic(model, x);
      expect(p > 0.5).toBe(test.labels[i]);
    });
    // The constant feature gets scale 1 rather than a division by zero.
    expect(model.scale[4]).toBe(1);
  });

  it('is deterministic: the same data gives the same weights', () => {
    const { xs, labels } = clouds(90, 3);
    expect(trainLogistic(xs, labels)).toEqual(trainLogistic(xs, labels));
  });

  it('refuses one-class data and mismatched lengths', () => {
    const { xs } = clouds(10, 4);
    expect(() =>
      trainLogistic(
        xs,
        xs.map(() => true),
      ),
    ).toThrow(/both classes/);
    expect(() => trainLogistic(xs, [true, false])).toThrow(/10 samples but 2 labels/);
    const model = trainLogistic(
      xs,
      xs.map((_, i) => i % 2 === 0),
    );
    expect(() => predictLogistic(model, new Float32Array(3))).toThrow(/expects 5 features/);
  });
});
