import { itemAt } from '../../../../shared/arrays/item-at.js';
import type { LabeledScore } from './labeled-score.js';

export interface HistogramBin {
  from: number;
  to: number;
  genuine: number;
  impostor: number;
}

/** Counts of scored genuine and impostor pairs in `bins` equal-width bins over the finite score range. */
export function scoreHistogram(labeled: readonly LabeledScore[], bins = 40): HistogramBin[] {
  const finite = labeled.filter((s) => Number.isFinite(s.score));
  if (finite.length === 0) return [];
  const lo = finite.reduce((m, s) => Math.min(m, s.score), Number.POSITIVE_INFINITY);
  const hi = finite.reduce((m, s) => Math.max(m, s.score), Number.NEGATIVE_INFINITY);
  // A single distinct score still needs a bin with some width to be drawn.
  const width = hi > lo ? (hi - lo) / bins : 1;
  const count = hi > lo ? bins : 1;
  const result: HistogramBin[] = Array.from({ length: count }, (_, i) => ({
    from: lo + i * width,
    to: lo + (i + 1) * width,
    genuine: 0,
    impostor: 0,
  }));
  for (const s of finite) {
    const bin = itemAt(result, Math.min(count - 1, Math.floor((s.score - lo) / width)), 'histogram bin');
    if (s.genuine) bin.genuine++;
    else bin.impostor++;
  }
  return result;
}
