import type { LabeledScore } from './labeled-score.js';

/** Accepted counts when every pair with `score >= threshold` is accepted. */
export interface SweepPoint {
  threshold: number;
  /** Genuine pairs accepted. */
  truePositives: number;
  /** Impostor pairs accepted. */
  falsePositives: number;
}

export interface ScoreSweep {
  genuine: number;
  impostor: number;
  /**
   * One point per distinct score, highest threshold first (so counts only grow). The last point accepts every pair;
   * its threshold is `-Infinity` when some pairs are unscored. Empty when there are no scores.
   */
  points: SweepPoint[];
}

/** Sort once and count: the basis of ROC, EER, threshold calibration and accuracy. Ties are accepted together. */
export function sweepScores(scores: readonly LabeledScore[]): ScoreSweep {
  if (scores.some((s) => Number.isNaN(s.score))) throw new RangeError('a score is NaN');
  // Compare rather than subtract: `-Infinity - -Infinity` is NaN, which would break the sort.
  const sorted = [...scores].sort((x, y) => (x.score === y.score ? 0 : x.score > y.score ? -1 : 1));
  const points: SweepPoint[] = [];
  let truePositives = 0;
  let falsePositives = 0;
  let genuine = 0;
  for (const [i, s] of sorted.entries()) {
    if (s.genuine) {
      truePositives++;
      genuine++;
    } else {
      falsePositives++;
    }
    // The last of a run of equal scores (or the very last score) closes a point.
    if (sorted[i + 1]?.score !== s.score) {
      points.push({ threshold: s.score, truePositives, falsePositives });
    }
  }
  return { genuine, impostor: sorted.length - genuine, points };
}

/**
 * A threshold that accepts no scored pair: just above the top finite score (0 when no pair has one). The
 * threshold of "accept nothing" for accuracy and FAR targets that even the top score would break.
 */
export function thresholdAboveAll(sweep: ScoreSweep): number {
  // Points run from the highest threshold down, so the first finite one is the top score.
  const top = sweep.points.find((p) => Number.isFinite(p.threshold));
  return top === undefined ? 0 : nextUp(top.threshold);
}

/** The smallest double greater than `x`: a threshold that rejects a score of exactly `x`. */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Number.POSITIVE_INFINITY) return x;
  if (x === 0) return Number.MIN_VALUE;
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, x);
  const bits = buffer.getBigInt64(0);
  buffer.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n);
  return buffer.getFloat64(0);
}
