import type { ScoreSweep } from './score-sweep.js';
import { thresholdAboveAll } from './score-sweep.js';

/** The operating point chosen for a target false accept rate. */
export interface FarOperatingPoint {
  targetFar: number;
  /** Accept when `score >= threshold`. Always finite: an unscored pair is never accepted. */
  threshold: number;
  /** FAR measured at the threshold on these pairs; never above the target. */
  far: number;
  tar: number;
  frr: number;
  falseAccepts: number;
  /** floor(targetFar x impostor pairs): how many false accepts the target allows on this set. */
  allowedFalseAccepts: number;
  /**
   * False when there are fewer than 1/targetFar impostor pairs: the set cannot show a FAR that small, and the
   * threshold is simply the one that lets no impostor through.
   */
  resolvable: boolean;
}

/**
 * The lowest-FRR threshold whose FAR on these impostor pairs is at most `targetFar`, picked conservatively:
 * every threshold between the last rejected score and the lowest accepted one gives the same counts here, and we take
 * the highest of them (the lowest accepted score itself), so unseen impostors are least likely to pass.
 */
export function thresholdAtFar(sweep: ScoreSweep, targetFar: number): FarOperatingPoint {
  if (!(targetFar > 0 && targetFar < 1)) throw new RangeError(`target FAR must be in (0, 1), got ${targetFar}`);
  if (sweep.genuine === 0 || sweep.impostor === 0) {
    throw new RangeError('a FAR threshold needs genuine and impostor pairs');
  }
  // The epsilon absorbs float error such as 0.29 x 100 = 28.999999999999996.
  const allowed = Math.floor(targetFar * sweep.impostor + 1e-9);
  const finite = sweep.points.filter((p) => Number.isFinite(p.threshold));
  let chosen: { threshold: number; truePositives: number; falsePositives: number } | undefined;
  for (const p of finite) {
    if (p.falsePositives > allowed) break;
    chosen = p;
  }
  // Even the top score is an impostor beyond the allowance: accept nothing (the threshold sits just above it).
  chosen ??= { threshold: thresholdAboveAll(sweep), truePositives: 0, falsePositives: 0 };
  const tar = chosen.truePositives / sweep.genuine;
  return {
    targetFar,
    threshold: chosen.threshold,
    far: chosen.falsePositives / sweep.impostor,
    tar,
    frr: 1 - tar,
    falseAccepts: chosen.falsePositives,
    allowedFalseAccepts: allowed,
    resolvable: sweep.impostor * targetFar >= 1 - 1e-9,
  };
}

/** The manifest key for a FAR: 1e-3 -> "1e-3", 0.005 -> "5e-3". */
export function farKey(far: number): string {
  return far.toExponential().replace('e+', 'e');
}
