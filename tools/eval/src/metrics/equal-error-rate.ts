import { consecutivePairs } from '../../../../shared/arrays/consecutive-pairs.js';
import type { RocPoint } from './roc.js';

export interface EqualErrorRate {
  /** The rate at which FAR = FRR, interpolated linearly between the two ROC points that straddle it. */
  eer: number;
  /** Threshold interpolated the same way (the finite neighbour when the other is infinite). */
  threshold: number;
}

/** Equal error rate from a ROC curve as built by {@link rocCurve} (starts at (0,0), ends at (1,1)). */
export function equalErrorRate(roc: readonly RocPoint[]): EqualErrorRate {
  for (const [lo, hi] of consecutivePairs(roc)) {
    // Along the curve FAR grows and FRR shrinks; the first point with FAR >= FRR closes the crossing segment.
    if (hi.fpr < 1 - hi.tpr) continue;
    const gapLo = 1 - lo.tpr - lo.fpr;
    const gapHi = 1 - hi.tpr - hi.fpr;
    const alpha = gapLo === gapHi ? 1 : gapLo / (gapLo - gapHi);
    const eer = lo.fpr + alpha * (hi.fpr - lo.fpr);
    let threshold: number;
    if (Number.isFinite(lo.threshold) && Number.isFinite(hi.threshold)) {
      threshold = lo.threshold + alpha * (hi.threshold - lo.threshold);
    } else {
      threshold = Number.isFinite(hi.threshold) ? hi.threshold : lo.threshold;
    }
    return { eer, threshold };
  }
  throw new RangeError('ROC curve does not reach (1, 1)');
}
