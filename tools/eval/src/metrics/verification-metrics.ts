import { itemAt } from '../../../../shared/arrays/item-at.js';
import type { CrossValidatedAccuracy } from './accuracy.js';
import { bestAccuracy, crossValidatedAccuracy } from './accuracy.js';
import { equalErrorRate } from './equal-error-rate.js';
import { errorRatesAt } from './error-rates.js';
import type { FarOperatingPoint } from './far-threshold.js';
import { farKey, thresholdAtFar } from './far-threshold.js';
import type { LabeledScore } from './labeled-score.js';
import { toLabeledScores } from './labeled-score.js';
import type { DetPoint, RocPoint } from './roc.js';
import { areaUnderCurve, detCurve, rocCurve } from './roc.js';
import type { ScoreSweep } from './score-sweep.js';
import { sweepScores } from './score-sweep.js';

/** How unscored pairs enter every figure; repeated in outputs so nobody has to guess. */
export const UNSCORED_POLICY =
  'A pair whose image failed to acquire is unscored and counted with score -Infinity: a genuine one is a false ' +
  'reject, an impostor one a correct reject, at every threshold and in every curve.';

/** Inputs of {@link computeVerificationMetrics}. */
export interface VerificationInput {
  pairs: readonly { genuine: boolean; fold: number }[];
  /** Similarity per pair, `null` when it could not be scored. */
  scores: readonly (number | null)[];
  /** FAR the operating threshold is meant for, e.g. 1e-3. */
  targetFar: number;
  /** The threshold calibrated for `targetFar` (from the model manifest); computed on this run when absent. */
  calibratedThreshold?: number;
}

/** The accuracy figures of metrics.json (snake_case: it is a file format). */
export interface VerificationMetrics {
  pairs: number;
  genuine_pairs: number;
  impostor_pairs: number;
  scored_pairs: number;
  unscored_genuine_pairs: number;
  unscored_impostor_pairs: number;
  unscored_policy: string;
  auc: number;
  eer: number;
  eer_threshold: number;
  /** The same two figures over scored pairs only: the matcher's quality without failures to acquire. */
  auc_scored_only: number | null;
  eer_scored_only: number | null;
  target_far: number;
  threshold: number;
  threshold_source: 'manifest' | 'computed';
  far_at_threshold: number;
  frr_at_threshold: number;
  accuracy_at_threshold: number;
  false_accepts_at_threshold: number;
  false_rejects_at_threshold: number;
  'tar_at_far_1e-2': number;
  'tar_at_far_1e-3': number;
  /** The conservative threshold for each FAR of interest, computed on this run. */
  thresholds_at_far: Record<string, FarPointJson>;
  best_accuracy: number;
  best_accuracy_threshold: number;
  accuracy_cv: number;
  accuracy_cv_detail: {
    cross_validated: boolean;
    folds: number;
    std: number;
    standard_error: number;
    per_fold: { fold: number; threshold: number; accuracy: number; pairs: number }[];
    note: string;
  };
}

export interface FarPointJson {
  threshold: number;
  far: number;
  tar: number;
  false_accepts: number;
  allowed_false_accepts: number;
  resolvable: boolean;
}

/** Metrics plus the curves and labeled scores the report and plot files are drawn from. */
export interface VerificationAnalysis {
  metrics: VerificationMetrics;
  labeled: LabeledScore[];
  sweep: ScoreSweep;
  roc: RocPoint[];
  det: DetPoint[];
  farPoints: Record<string, FarOperatingPoint>;
}

/** Thrown when the scores cannot support a verification figure (a class missing, nothing scored). */
export class InsufficientDataError extends Error {
  override readonly name = 'InsufficientDataError';
}

/** The FARs whose TAR metrics.json names in a field of its own (`tar_at_far_1e-2`, `tar_at_far_1e-3`). */
const REPORTED_FARS = { '1e-2': 1e-2, '1e-3': 1e-3 } as const;

/** Every accuracy figure of an evaluation, with unscored pairs handled as {@link UNSCORED_POLICY} says. */
export function computeVerificationMetrics(input: VerificationInput): VerificationAnalysis {
  const labeled = toLabeledScores(input.pairs, input.scores);
  const sweep = sweepScores(labeled);
  if (sweep.genuine === 0 || sweep.impostor === 0) {
    throw new InsufficientDataError(
      `need both genuine and impostor pairs, got ${sweep.genuine} genuine and ${sweep.impostor} impostor`,
    );
  }
  const scored = labeled.filter((s) => Number.isFinite(s.score));
  if (scored.length === 0) {
    throw new InsufficientDataError('no pair could be scored: every pair has an image that failed to acquire');
  }

  const roc = rocCurve(sweep);
  const eer = equalErrorRate(roc);
  const at1e2 = thresholdAtFar(sweep, REPORTED_FARS['1e-2']);
  const at1e3 = thresholdAtFar(sweep, REPORTED_FARS['1e-3']);
  const atTarget = thresholdAtFar(sweep, input.targetFar);
  const farPoints: Record<string, FarOperatingPoint> = {};
  for (const point of [at1e2, at1e3, atTarget]) farPoints[farKey(point.targetFar)] = point;

  const threshold = input.calibratedThreshold ?? atTarget.threshold;
  const atThreshold = errorRatesAt(labeled, threshold);
  const best = bestAccuracy(sweep);
  const cv = crossValidatedAccuracy(foldsOf(input.pairs, labeled));

  const scoredSweep = sweepScores(scored);
  const scoredBothClasses = scoredSweep.genuine > 0 && scoredSweep.impostor > 0;
  const scoredRoc = scoredBothClasses ? rocCurve(scoredSweep) : undefined;

  const thresholdsAtFar: Record<string, FarPointJson> = {};
  for (const [key, p] of Object.entries(farPoints)) {
    thresholdsAtFar[key] = {
      threshold: p.threshold,
      far: p.far,
      tar: p.tar,
      false_accepts: p.falseAccepts,
      allowed_false_accepts: p.allowedFalseAccepts,
      resolvable: p.resolvable,
    };
  }

  const metrics: VerificationMetrics = {
    pairs: labeled.length,
    genuine_pairs: sweep.genuine,
    impostor_pairs: sweep.impostor,
    scored_pairs: scored.length,
    unscored_genuine_pairs: labeled.filter((s) => s.genuine && !Number.isFinite(s.score)).length,
    unscored_impostor_pairs: labeled.filter((s) => !s.genuine && !Number.isFinite(s.score)).length,
    unscored_policy: UNSCORED_POLICY,
    auc: areaUnderCurve(roc),
    eer: eer.eer,
    eer_threshold: eer.threshold,
    auc_scored_only: scoredRoc ? areaUnderCurve(scoredRoc) : null,
    eer_scored_only: scoredRoc ? equalErrorRate(scoredRoc).eer : null,
    target_far: input.targetFar,
    threshold,
    threshold_source: input.calibratedThreshold === undefined ? 'computed' : 'manifest',
    far_at_threshold: atThreshold.far,
    frr_at_threshold: atThreshold.frr,
    accuracy_at_threshold: atThreshold.accuracy,
    false_accepts_at_threshold: atThreshold.falseAccepts,
    false_rejects_at_threshold: atThreshold.falseRejects,
    'tar_at_far_1e-2': at1e2.tar,
    'tar_at_far_1e-3': at1e3.tar,
    thresholds_at_far: thresholdsAtFar,
    best_accuracy: best.accuracy,
    best_accuracy_threshold: best.threshold,
    accuracy_cv: cv.mean,
    accuracy_cv_detail: cvJson(cv),
  };
  return { metrics, labeled, sweep, roc, det: detCurve(roc), farPoints };
}

function foldsOf(pairs: readonly { fold: number }[], labeled: readonly LabeledScore[]): LabeledScore[][] {
  const folds: LabeledScore[][] = [];
  pairs.forEach((pair, i) => {
    if (!Number.isInteger(pair.fold) || pair.fold < 0) throw new RangeError(`pair ${i} has fold ${pair.fold}`);
    (folds[pair.fold] ??= []).push(itemAt(labeled, i, 'labeled score'));
  });
  return Array.from(folds, (f) => f ?? []);
}

function cvJson(cv: CrossValidatedAccuracy): VerificationMetrics['accuracy_cv_detail'] {
  return {
    cross_validated: cv.crossValidated,
    folds: cv.folds.length,
    std: cv.std,
    standard_error: cv.standardError,
    per_fold: cv.folds,
    note: cv.crossValidated
      ? `${cv.folds.length}-fold cross-validation: each fold's threshold chosen on the other folds (LFW protocol)`
      : 'single fold: best accuracy with the threshold chosen on the same pairs, NOT cross-validated (optimistic)',
  };
}
