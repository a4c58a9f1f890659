import type { Metrics } from '../api/wire-types.js';

/** "Threshold for your population": where it comes from and what the gallery says it gives. */
export function thresholdWords(c: NonNullable<Metrics['calibration']>): string {
  const pct = (x: number) => `${(x * 100).toFixed(3)}%`;
  if (c.source === 'global') {
    return (
      `${c.threshold.toFixed(3)} (${c.modelVersion}): the development calibration for FAR ${c.targetFar}, until ` +
      `${c.minUsers} users are enrolled (now ${c.users})`
    );
  }
  return (
    `${c.threshold.toFixed(3)} (${c.modelVersion}), set by your ${c.users} enrolled users' ${c.impostorScores} ` +
    `cross-user scores (never below ${c.floor.toFixed(3)}); estimated FAR ${pct(c.estimatedFar)}, at most ` +
    `${pct(c.farUpper95)} at 95% confidence`
  );
}
