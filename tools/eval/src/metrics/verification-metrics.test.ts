import { describe, expect, it } from 'vitest';
import { computeVerificationMetrics, InsufficientDataError } from './verification-metrics.js';

/** Two folds; fold 1 holds an unscored genuine pair and an unscored impostor pair. */
const pairs = [
  ...[0.9, 0.8, 0.7].map(() => ({ genuine: true, fold: 0 })),
  ...[0.3, 0.2, 0.1].map(() => ({ genuine: false, fold: 0 })),
  ...[0.85, 0.6, null].map(() => ({ genuine: true, fold: 1 })),
  ...[0.65, 0.0, null].map(() => ({ genuine: false, fold: 1 })),
];
const scores = [0.9, 0.8, 0.7, 0.3, 0.2, 0.1, 0.85, 0.6, null, 0.65, 0.0, null];

describe('computeVerificationMetrics', () => {
  it('computes the threshold on the run when the manifest has none, and counts unscored pairs as specified', () => {
    const { metrics } = computeVerificationMetrics({ pairs, scores, targetFar: 1e-3 });
    expect(metrics.pairs).toBe(12);
    expect(metrics.scored_pairs).toBe(10);
    expect(metrics.unscored_genuine_pairs).toBe(1);
    expect(metrics.unscored_impostor_pairs).toBe(1);
    expect(metrics.threshold_source).toBe('computed');
    // 6 impostor pairs cannot resolve 1e-3: no impostor may pass, so the threshold is the lowest genuine score above
    // the top impostor (0.65).
    expect(metrics.threshold).toBe(0.7);
    expect(metrics.thresholds_at_far['1e-3']?.resolvable).toBe(false);
    expect(metrics.far_at_threshold).toBe(0);
    // Rejected: 0.6 and the unscored genuine pair.
    expect(metrics.false_rejects_at_threshold).toBe(2);
    expect(metrics.frr_at_threshold).toBeCloseTo(2 / 6, 12);
    expect(metrics.accuracy_at_threshold).toBeCloseTo(10 / 12, 12);
    expect(metrics['tar_at_far_1e-3']).toBeCloseTo(4 / 6, 12);
  });

  it('uses the calibrated threshold when one is given', () => {
    const { metrics } = computeVerificationMetrics({ pairs, scores, targetFar: 1e-3, calibratedThreshold: 0.5 });
    expect(metrics.threshold_source).toBe('manifest');
    expect(metrics.threshold).toBe(0.5);
    expect(metrics.false_accepts_at_threshold).toBe(1);
    expect(metrics.far_at_threshold).toBeCloseTo(1 / 6, 12);
    expect(metrics.frr_at_threshold).toBeCloseTo(1 / 6, 12);
  });

  it('reports AUC with and without failures to acquire', () => {
    const { metrics } = computeVerificationMetrics({ pairs, scores, targetFar: 1e-3 });
    // Scored only: 5 genuine x 5 impostor, only 0.6 < 0.65 loses.
    expect(metrics.auc_scored_only).toBeCloseTo(24 / 25, 12);
    // All: 24 wins + 5 genuine beat the unscored impostor + the two unscored pairs tie.
    expect(metrics.auc).toBeCloseTo((24 + 5 + 0.5) / 36, 12);
  });

  it('cross-validates over the folds of the pairs', () => {
    const { metrics } = computeVerificationMetrics({ pairs, scores, targetFar: 1e-3 });
    expect(metrics.accuracy_cv_detail.cross_validated).toBe(true);
    expect(metrics.accuracy_cv_detail.per_fold.map((f) => f.fold)).toEqual([0, 1]);
  });

  it('refuses data with one class only or nothing scored, with a typed error', () => {
    const genuineOnly = pairs.filter((p) => p.genuine);
    expect(() =>
      computeVerificationMetrics({ pairs: genuineOnly, scores: genuineOnly.map(() => 0.5), targetFar: 1e-3 }),
    ).toThrow(InsufficientDataError);
    expect(() => computeVerificationMetrics({ pairs, scores: pairs.map(() => null), targetFar: 1e-3 })).toThrow(
      /no pair could be scored/,
    );
  });
});
