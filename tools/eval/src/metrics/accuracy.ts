import type { LabeledScore } from './labeled-score.js';
import { errorRatesAt } from './error-rates.js';
import type { ScoreSweep } from './score-sweep.js';
import { sweepScores, thresholdAboveAll } from './score-sweep.js';

export interface BestAccuracy {
  accuracy: number;
  /**
   * A threshold reaching that accuracy: midway between the lowest accepted score and the highest rejected one, so
   * it generalises to a held-out fold no worse than either edge.
   */
  threshold: number;
}

/** Highest accuracy over all thresholds (ties: the highest threshold, i.e. fewer false accepts). */
export function bestAccuracy(sweep: ScoreSweep): BestAccuracy {
  const total = sweep.genuine + sweep.impostor;
  if (total === 0) throw new RangeError('no pairs to compute an accuracy on');
  const finite = sweep.points.filter((p) => Number.isFinite(p.threshold));
  // Accepting nothing is a candidate too: all impostors right, all genuine wrong (the threshold sits above the top).
  let best = sweep.impostor / total;
  let threshold = thresholdAboveAll(sweep);
  for (const [i, p] of finite.entries()) {
    const accuracy = (p.truePositives + sweep.impostor - p.falsePositives) / total;
    if (accuracy > best) {
      best = accuracy;
      const below = finite[i + 1]?.threshold;
      threshold = below === undefined ? p.threshold : (p.threshold + below) / 2;
    }
  }
  return { accuracy: best, threshold };
}

export interface FoldAccuracy {
  /** 0-based fold held out. */
  fold: number;
  /** Threshold chosen on the other folds. */
  threshold: number;
  /** Accuracy of that threshold on the held-out fold. */
  accuracy: number;
  pairs: number;
}

export interface CrossValidatedAccuracy {
  /** Mean held-out accuracy; with a single fold, the best accuracy on it (not cross-validated). */
  mean: number;
  /** Sample standard deviation over folds (0 with one fold). */
  std: number;
  /** std / sqrt(folds), as LFW reports. */
  standardError: number;
  crossValidated: boolean;
  folds: FoldAccuracy[];
}

/**
 * LFW's protocol: for each fold, pick the best-accuracy threshold on the other folds and measure it on the held-out
 * one; report the mean. With one fold there is nothing to hold out, so it is the best accuracy, flagged as such.
 */
export function crossValidatedAccuracy(folds: readonly (readonly LabeledScore[])[]): CrossValidatedAccuracy {
  const nonEmpty = folds.map((scores, fold) => ({ scores, fold })).filter((f) => f.scores.length > 0);
  const [only, ...others] = nonEmpty;
  if (only === undefined) throw new RangeError('no folds with pairs');
  if (others.length === 0) {
    const best = bestAccuracy(sweepScores(only.scores));
    return {
      mean: best.accuracy,
      std: 0,
      standardError: 0,
      crossValidated: false,
      folds: [{ fold: only.fold, threshold: best.threshold, accuracy: best.accuracy, pairs: only.scores.length }],
    };
  }
  const results = nonEmpty.map(({ scores, fold }) => {
    const training = nonEmpty.filter((f) => f.fold !== fold).flatMap((f) => f.scores);
    const { threshold } = bestAccuracy(sweepScores(training));
    return { fold, threshold, accuracy: errorRatesAt(scores, threshold).accuracy, pairs: scores.length };
  });
  const mean = results.reduce((sum, r) => sum + r.accuracy, 0) / results.length;
  const variance = results.reduce((sum, r) => sum + (r.accuracy - mean) ** 2, 0) / (results.length - 1);
  const std = Math.sqrt(variance);
  return { mean, std, standardError: std / Math.sqrt(results.length), crossValidated: true, folds: results };
}
