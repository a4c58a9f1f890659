import { consecutivePairs } from '../../../../shared/arrays/consecutive-pairs.js';
import type { ScoreSweep } from './score-sweep.js';

/** A point of the ROC curve: accepting every pair with `score >= threshold`. */
export interface RocPoint {
  /** `+Infinity` for the accept-nothing origin, `-Infinity` when the last point accepts unscored pairs. */
  threshold: number;
  /** False accept rate (FAR). */
  fpr: number;
  /** True accept rate (TAR = 1 - FRR). */
  tpr: number;
}

/** ROC curve from (0, 0) to (1, 1), thresholds descending. Needs both classes present. */
export function rocCurve(sweep: ScoreSweep): RocPoint[] {
  if (sweep.genuine === 0 || sweep.impostor === 0) {
    throw new RangeError(`a ROC curve needs genuine and impostor pairs (got ${sweep.genuine} and ${sweep.impostor})`);
  }
  return [
    { threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 },
    ...sweep.points.map((p) => ({
      threshold: p.threshold,
      fpr: p.falsePositives / sweep.impostor,
      tpr: p.truePositives / sweep.genuine,
    })),
  ];
}

/**
 * Area under the ROC curve by trapezoids over the tie-grouped points, which equals the Mann-Whitney probability
 * that a random genuine pair outscores a random impostor pair (ties count one half).
 */
export function areaUnderCurve(roc: readonly RocPoint[]): number {
  let area = 0;
  for (const [previous, current] of consecutivePairs(roc)) {
    area += ((current.fpr - previous.fpr) * (current.tpr + previous.tpr)) / 2;
  }
  return area;
}

/** A point of the DET curve: false accept rate against false reject rate. */
export interface DetPoint {
  threshold: number;
  fpr: number;
  fnr: number;
}

export function detCurve(roc: readonly RocPoint[]): DetPoint[] {
  return roc.map((p) => ({ threshold: p.threshold, fpr: p.fpr, fnr: 1 - p.tpr }));
}
