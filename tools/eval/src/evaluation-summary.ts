/** The summary `eval` and `calibrate` print: headline figures, threshold provenance, failures, latency. */
import type { EvaluationMetrics } from './metrics/metrics-document.js';
import { formatTable } from '../../../scripts/lib/format-table.js';
import type { GalleryProbeFigures } from './metrics/gallery-probe.js';

const pct = (x: number | null, digits = 2): string => (x == null ? '–' : `${(x * 100).toFixed(digits)}%`);
const num = (x: number | null, digits = 4): string => (x == null ? '–' : x.toFixed(digits));
const ms = (x: number | null): string => (x == null ? '–' : x.toFixed(1));

/** The gallery/probe figures per dataset: what a tenant of that population would see. */
export function galleryProbeSummary(figures: Record<string, GalleryProbeFigures>): string {
  return formatTable(
    [
      'gallery/probe',
      'users (photos)',
      'threshold',
      'source',
      'false accepts',
      'FAR (95% bound)',
      'FRR',
      'accuracy',
      'FRR at target FAR',
    ],
    Object.entries(figures).map(([name, g]) => [
      name,
      `${g.users} (${g.enroll_photos})`,
      num(g.threshold),
      g.threshold_source,
      `${g.false_accepts_at_threshold} of ${g.impostor_attempts}`,
      `${pct(g.far_at_threshold, 3)} (≤ ${pct(g.far_upper_95, 3)})`,
      `${pct(g.frr_at_threshold)} (${g.false_rejects_at_threshold} of ${g.genuine_attempts})`,
      pct(g.accuracy_at_threshold),
      pct(g.frr_at_target_far),
    ]),
    ['left', 'right', 'right', 'left', 'right', 'right', 'right', 'right', 'right'],
  );
}

export function evaluationSummary(
  m: EvaluationMetrics & { gallery_probe?: Record<string, GalleryProbeFigures> },
): string {
  const source =
    m.threshold_source === 'manifest'
      ? `calibrated threshold from models/manifest.json for FAR ${m.target_far}`
      : `no calibrated threshold for FAR ${m.target_far} in the manifest: computed on this run`;
  const cv = m.accuracy_cv_detail;
  const lines = [
    `dataset ${m.dataset} (${m.fingerprint.slice(0, 19)}…)  model ${m.model_version}  backend ${m.backend}`,
    `pairs ${m.pairs} (${m.genuine_pairs} genuine / ${m.impostor_pairs} impostor), scored ${m.scored_pairs}` +
      (m.limit == null ? '' : `  [--limit ${m.limit}]`),
    `images ${m.images}, failure to acquire ${m.failure_to_acquire} (${pct(m.failure_to_acquire_rate)})` +
      (m.failure_to_acquire > 0
        ? `: ${Object.entries(m.failures_by_reason)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`
        : ''),
    `unscored pairs: genuine = false reject, impostor = correct reject (score -Infinity)`,
    '',
    formatTable(
      ['figure', 'value', 'note'],
      [
        ['AUC', num(m.auc), `scored only ${num(m.auc_scored_only)}`],
        ['EER', pct(m.eer), `threshold ${num(m.eer_threshold)}; scored only ${pct(m.eer_scored_only)}`],
        ['threshold', num(m.threshold), source],
        ['FAR at threshold', pct(m.far_at_threshold, 3), `${m.false_accepts_at_threshold} false accepts`],
        ['FRR at threshold', pct(m.frr_at_threshold), `${m.false_rejects_at_threshold} false rejects`],
        ['accuracy at threshold', pct(m.accuracy_at_threshold), ''],
        ['TAR @ FAR 1e-2', pct(m['tar_at_far_1e-2']), farNote(m, '1e-2')],
        ['TAR @ FAR 1e-3', pct(m['tar_at_far_1e-3']), farNote(m, '1e-3')],
        [
          'accuracy (CV)',
          pct(m.accuracy_cv),
          cv.cross_validated
            ? `${cv.folds}-fold, ± ${pct(cv.standard_error)} s.e.`
            : 'single fold: NOT cross-validated',
        ],
      ],
      ['left', 'right', 'left'],
    ),
    ...(m.gallery_probe ? ['', galleryProbeSummary(m.gallery_probe)] : []),
    '',
    formatTable(
      ['latency ms', 'p50', 'p95', 'n'],
      Object.entries(m.latency_ms).map(([stage, s]) => [stage, ms(s.p50), ms(s.p95), String(s.n)]),
    ),
  ];
  return lines.join('\n');
}

function farNote(m: EvaluationMetrics, key: string): string {
  const p = m.thresholds_at_far[key];
  if (!p) return '';
  return `threshold ${num(p.threshold)}${p.resolvable ? '' : `; ${m.impostor_pairs} impostor pairs cannot resolve ${key}`}`;
}
