import type { LabeledScore } from './labeled-score.js';
import { countClasses } from './labeled-score.js';
import { niceTicks } from './nice-ticks.js';

/** Outcome of accepting every pair with `score >= threshold`. */
export interface ErrorRates {
  threshold: number;
  /** False accept rate: impostor pairs accepted / impostor pairs. */
  far: number;
  /** False reject rate: genuine pairs rejected / genuine pairs (unscored genuine pairs are rejects). */
  frr: number;
  /** True accept rate, 1 - FRR. */
  tar: number;
  /** (genuine accepted + impostors rejected) / all pairs. */
  accuracy: number;
  falseAccepts: number;
  falseRejects: number;
}

/** Count errors at one threshold. Rates are NaN for a class with no pairs. */
export function errorRatesAt(scores: readonly LabeledScore[], threshold: number): ErrorRates {
  const { genuine, impostor } = countClasses(scores);
  let falseAccepts = 0;
  let falseRejects = 0;
  for (const s of scores) {
    const accepted = s.score >= threshold;
    if (s.genuine && !accepted) falseRejects++;
    if (!s.genuine && accepted) falseAccepts++;
  }
  const frr = falseRejects / genuine;
  return {
    threshold,
    far: falseAccepts / impostor,
    frr,
    tar: 1 - frr,
    accuracy: (scores.length - falseAccepts - falseRejects) / scores.length,
    falseAccepts,
    falseRejects,
  };
}

/** Error rates at several thresholds, sorted ascending and without duplicates. */
export function errorRateTable(scores: readonly LabeledScore[], thresholds: readonly number[]): ErrorRates[] {
  const unique = [...new Set(thresholds.filter((t) => Number.isFinite(t)))].sort((x, y) => x - y);
  return unique.map((t) => errorRatesAt(scores, t));
}

/** About `rows` round thresholds spanning the finite scores: the rows of a FAR/FRR table. */
export function gridThresholds(scores: readonly LabeledScore[], rows = 15): number[] {
  const finite = scores.map((s) => s.score).filter((x) => Number.isFinite(x));
  if (finite.length === 0) return [];
  const lo = finite.reduce((m, x) => Math.min(m, x));
  const hi = finite.reduce((m, x) => Math.max(m, x));
  return niceTicks(lo, hi, rows);
}
