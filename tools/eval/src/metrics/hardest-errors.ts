import type { LabeledScore } from './labeled-score.js';

/** A pair worth looking at: an error at the threshold, or the closest call when there is no error. */
export interface HardPair {
  /** Index into the pair list. */
  index: number;
  score: number;
  /** True when the pair is on the wrong side of the threshold; false for a near miss shown for context. */
  error: boolean;
}

/**
 * The `n` highest-scoring impostor pairs and the `n` lowest-scoring scored genuine pairs, flagged when they are
 * errors at `threshold`. Unscored genuine pairs are false rejects too, but they are failures to acquire, shown apart.
 */
export function hardestPairs(
  labeled: readonly LabeledScore[],
  threshold: number,
  n: number,
): { falseAccepts: HardPair[]; falseRejects: HardPair[] } {
  const scored = labeled.map((s, index) => ({ ...s, index })).filter((s) => Number.isFinite(s.score));
  const impostors = scored.filter((s) => !s.genuine).sort((x, y) => y.score - x.score || x.index - y.index);
  const genuines = scored.filter((s) => s.genuine).sort((x, y) => x.score - y.score || x.index - y.index);
  return {
    falseAccepts: impostors.slice(0, n).map((s) => ({ index: s.index, score: s.score, error: s.score >= threshold })),
    falseRejects: genuines.slice(0, n).map((s) => ({ index: s.index, score: s.score, error: s.score < threshold })),
  };
}
