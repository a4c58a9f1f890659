import { describe, expect, it } from 'vitest';
import { bestAccuracy, crossValidatedAccuracy } from './accuracy.js';
import { equalErrorRate } from './equal-error-rate.js';
import { errorRatesAt } from './error-rates.js';
import { farKey, thresholdAtFar } from './far-threshold.js';
import type { LabeledScore } from './labeled-score.js';
import { UNSCORED } from './labeled-score.js';
import { areaUnderCurve, rocCurve } from './roc.js';
import { nextUp, sweepScores } from './score-sweep.js';

const genuine = (...scores: number[]): LabeledScore[] => scores.map((score) => ({ genuine: true, score }));
const impostor = (...scores: number[]): LabeledScore[] => scores.map((score) => ({ genuine: false, score }));

/** Five genuine, ten impostor pairs; one impostor (0.65) outscores two genuine ones (0.6, 0.5). */
const handBuilt = [
  ...genuine(0.9, 0.8, 0.7, 0.6, 0.5),
  ...impostor(0.65, 0.4, 0.3, 0.2, 0.1, 0.05, 0, -0.1, -0.2, -0.3),
];

const auc = (scores: LabeledScore[]): number => areaUnderCurve(rocCurve(sweepScores(scores)));

/** The definition, O(n^2): P(genuine > impostor) + P(tie) / 2. */
function mannWhitney(scores: LabeledScore[]): number {
  const g = scores.filter((s) => s.genuine);
  const i = scores.filter((s) => !s.genuine);
  let wins = 0;
  for (const a of g) for (const b of i) wins += a.score > b.score ? 1 : a.score === b.score ? 0.5 : 0;
  return wins / (g.length * i.length);
}

/** Deterministic PRNG (mulberry32) so the "random" test is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('AUC', () => {
  it('is 1 for a perfect separation, 0 for a reversed one and 0.5 when every score ties', () => {
    expect(auc([...genuine(0.9, 0.8), ...impostor(0.3, 0.1)])).toBe(1);
    expect(auc([...genuine(0.1, 0.2), ...impostor(0.8, 0.9)])).toBe(0);
    expect(auc([...genuine(0.5, 0.5), ...impostor(0.5, 0.5, 0.5)])).toBe(0.5);
  });

  it('is about 0.5 when genuine and impostor scores come from the same distribution', () => {
    const next = random(42);
    const scores = Array.from({ length: 10_000 }, (_, k) => ({ genuine: k % 2 === 0, score: next() }));
    expect(Math.abs(auc(scores) - 0.5)).toBeLessThan(0.02);
  });

  it('equals the Mann-Whitney statistic on the hand-built set and on random sets with ties', () => {
    expect(auc(handBuilt)).toBeCloseTo(48 / 50, 12);
    const next = random(7);
    for (let trial = 0; trial < 20; trial++) {
      const scores = Array.from({ length: 60 }, () => ({
        genuine: next() < 0.4,
        score: Math.round(next() * 10) / 10 + (next() < 0.1 ? 0.5 : 0),
      }));
      expect(auc(scores)).toBeCloseTo(mannWhitney(scores), 12);
    }
  });
});

describe('EER', () => {
  it('is 0 for a perfect separation, with the threshold at the lowest genuine score', () => {
    const result = equalErrorRate(rocCurve(sweepScores([...genuine(0.9, 0.8), ...impostor(0.3, 0.1)])));
    expect(result.eer).toBe(0);
    expect(result.threshold).toBe(0.8);
  });

  it('interpolates where FAR and FRR cross', () => {
    // Between 0.6 (FAR 10%, FRR 20%) and 0.5 (FAR 10%, FRR 0%) the rates meet halfway, at 10%.
    const result = equalErrorRate(rocCurve(sweepScores(handBuilt)));
    expect(result.eer).toBeCloseTo(0.1, 12);
    expect(result.threshold).toBeCloseTo(0.55, 12);
  });
});

describe('thresholdAtFar', () => {
  it('allows floor(FAR x impostors) false accepts and takes the lowest accepted score as threshold', () => {
    const point = thresholdAtFar(sweepScores(handBuilt), 0.1);
    expect(point).toMatchObject({ threshold: 0.5, far: 0.1, tar: 1, falseAccepts: 1, allowedFalseAccepts: 1 });
    expect(point.resolvable).toBe(true);
    expect(errorRatesAt(handBuilt, point.threshold).far).toBeLessThanOrEqual(0.1);
  });

  it('lets no impostor through when the set is too small to resolve the target, and says so', () => {
    const point = thresholdAtFar(sweepScores(handBuilt), 0.05);
    expect(point).toMatchObject({ threshold: 0.7, far: 0, tar: 0.6, allowedFalseAccepts: 0, resolvable: false });
  });

  it('never splits a tie: an impostor tied with genuine pairs pushes the threshold above the tie', () => {
    const scores = [...genuine(0.9, 0.7, 0.7), ...impostor(0.7, 0.1, 0.1, 0.1)];
    const point = thresholdAtFar(sweepScores(scores), 0.1);
    expect(point.threshold).toBe(0.9);
    expect(point.far).toBe(0);
  });

  it('accepts nothing, just above the top score, when an impostor holds the top score', () => {
    const point = thresholdAtFar(sweepScores([...genuine(0.5), ...impostor(0.8, 0.1)]), 0.1);
    expect(point.threshold).toBe(nextUp(0.8));
    expect(point.threshold).toBeGreaterThan(0.8);
    expect(point.tar).toBe(0);
  });

  it('is always finite: unscored pairs are never accepted even when the target allows every impostor', () => {
    const scores = [...genuine(0.9, UNSCORED), ...impostor(0.2, UNSCORED)];
    const point = thresholdAtFar(sweepScores(scores), 0.99);
    expect(point.threshold).toBe(0.2);
    expect(point.tar).toBe(0.5);
  });

  it('refuses targets outside (0, 1)', () => {
    expect(() => thresholdAtFar(sweepScores(handBuilt), 0)).toThrow(RangeError);
    expect(() => thresholdAtFar(sweepScores(handBuilt), 1)).toThrow(RangeError);
  });

  it('names FARs as the manifest does', () => {
    expect(farKey(1e-3)).toBe('1e-3');
    expect(farKey(0.01)).toBe('1e-2');
    expect(farKey(0.005)).toBe('5e-3');
  });
});

describe('unscored pairs', () => {
  it('count as false rejects when genuine and as correct rejects when impostor', () => {
    const scores = [...handBuilt, ...genuine(UNSCORED), ...impostor(UNSCORED)];
    const rates = errorRatesAt(scores, 0.5);
    expect(rates.falseRejects).toBe(1);
    expect(rates.frr).toBeCloseTo(1 / 6, 12);
    expect(rates.falseAccepts).toBe(1);
    expect(rates.far).toBeCloseTo(1 / 11, 12);
    expect(rates.accuracy).toBeCloseTo(15 / 17, 12);
  });

  it('lower the AUC as if they scored below every other pair', () => {
    // 48 wins as before, 5 scored genuine pairs beat the unscored impostor, the unscored genuine pair loses to
    // every scored impostor and ties the unscored one.
    const scores = [...handBuilt, ...genuine(UNSCORED), ...impostor(UNSCORED)];
    expect(auc(scores)).toBeCloseTo((48 + 5 + 0.5) / (6 * 11), 12);
    expect(auc(scores)).toBeCloseTo(mannWhitney(scores), 12);
  });
});

describe('accuracy', () => {
  it('finds the best threshold and returns the midpoint of its gap', () => {
    const best = bestAccuracy(sweepScores(handBuilt));
    expect(best.accuracy).toBeCloseTo(14 / 15, 12);
    expect(best.threshold).toBeCloseTo(0.45, 12);
  });

  it('cross-validates over folds: each threshold comes from the other folds', () => {
    const folds = [
      [...genuine(0.9, 0.8), ...impostor(0.3, 0.2)],
      [...genuine(0.6, 0.55), ...impostor(0.7, 0.1)],
    ];
    const cv = crossValidatedAccuracy(folds);
    expect(cv.crossValidated).toBe(true);
    expect(cv.folds[0]).toMatchObject({ fold: 0, accuracy: 1 });
    expect(cv.folds[0]?.threshold).toBeCloseTo(0.325, 12);
    expect(cv.folds[1]).toMatchObject({ fold: 1, threshold: 0.55, accuracy: 0.75 });
    expect(cv.mean).toBeCloseTo(0.875, 12);
    expect(cv.std).toBeCloseTo(Math.SQRT2 * 0.125, 12);
  });

  it('with a single fold reports the best accuracy and says it is not cross-validated', () => {
    const cv = crossValidatedAccuracy([handBuilt]);
    expect(cv.crossValidated).toBe(false);
    expect(cv.mean).toBeCloseTo(14 / 15, 12);
  });
});
