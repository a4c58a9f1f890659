/** DVC-friendly plot data (arrays of flat records) and the per-pair scores CSV. */
import { itemAt } from '../../../../shared/arrays/item-at.js';
import type { LabeledScore } from './labeled-score.js';
import { scoreHistogram } from './score-histogram.js';
import type { DetPoint, RocPoint } from './roc.js';

/** JSON has no infinities: the curve's end points get a null threshold. */
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function rocPlot(roc: readonly RocPoint[]): { fpr: number; tpr: number; threshold: number | null }[] {
  return roc.map((p) => ({ fpr: p.fpr, tpr: p.tpr, threshold: finiteOrNull(p.threshold) }));
}

export function detPlot(det: readonly DetPoint[]): { fpr: number; fnr: number; threshold: number | null }[] {
  return det.map((p) => ({ fpr: p.fpr, fnr: p.fnr, threshold: finiteOrNull(p.threshold) }));
}

/** Score histogram as one record per bin (its centre and the genuine and impostor counts), for a two-series plot. */
export function histogramPlot(
  labeled: readonly LabeledScore[],
  bins = 40,
): { score: number; genuine: number; impostor: number }[] {
  return scoreHistogram(labeled, bins).map((b) => ({
    score: (b.from + b.to) / 2,
    genuine: b.genuine,
    impostor: b.impostor,
  }));
}

export type PairLabel = 'genuine' | 'impostor';

export const labelOf = (genuine: boolean): PairLabel => (genuine ? 'genuine' : 'impostor');

/** One record per scored pair; `pair` is the pair's id so DVC can scatter scores by pair. */
export function scoresPlot(
  ids: readonly string[],
  labeled: readonly LabeledScore[],
): { pair: string; label: PairLabel; score: number }[] {
  return labeled.flatMap((s, i) =>
    Number.isFinite(s.score) ? [{ pair: itemAt(ids, i, 'pair id'), label: labelOf(s.genuine), score: s.score }] : [],
  );
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `pair,a,b,label,score,scored` for every pair; an unscored pair has an empty score and scored=false. */
export function scoresCsv(
  rows: readonly { id: string; a: string; b: string }[],
  labeled: readonly LabeledScore[],
): string {
  const lines = ['pair,a,b,label,score,scored'];
  rows.forEach((row, i) => {
    const s = itemAt(labeled, i, 'labeled score');
    const scored = Number.isFinite(s.score);
    lines.push(
      [row.id, row.a, row.b, labelOf(s.genuine), scored ? String(s.score) : '', String(scored)].map(csvField).join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}
