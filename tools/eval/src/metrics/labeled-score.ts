/**
 * A verification score with its ground truth. Scores are similarities: higher = more alike, and a pair is accepted
 * when `score >= threshold`.
 */
export interface LabeledScore {
  genuine: boolean;
  /** `-Infinity` for a pair that could not be scored (an image failed to acquire): below every threshold. */
  score: number;
}

/** The score an unscored pair gets, so a genuine one counts as a false reject and an impostor as a correct reject. */
export const UNSCORED = Number.NEGATIVE_INFINITY;

/** Pair labels and scores (`null` = could not be scored) as labeled scores, unscored pairs at {@link UNSCORED}. */
export function toLabeledScores(
  pairs: readonly { genuine: boolean }[],
  scores: readonly (number | null)[],
): LabeledScore[] {
  if (pairs.length !== scores.length) {
    throw new RangeError(`${pairs.length} pairs but ${scores.length} scores`);
  }
  return pairs.map((pair, i) => {
    const score = scores[i];
    if (score != null && Number.isNaN(score)) throw new RangeError(`score of pair ${i} is NaN`);
    return { genuine: pair.genuine, score: score ?? UNSCORED };
  });
}

export function countClasses(scores: readonly LabeledScore[]): { genuine: number; impostor: number } {
  let genuine = 0;
  for (const s of scores) if (s.genuine) genuine++;
  return { genuine, impostor: scores.length - genuine };
}
