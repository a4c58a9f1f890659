/**
 * The evaluation report: one self-contained HTML file (inline CSS and SVG, images as data URIs, no scripts),
 * readable offline and safe to attach to a pull request or archive with the metrics.
 */
import { errorRateTable, gridThresholds } from './error-rates.js';
import { escapeHtml } from './html-escape.js';
import type { LabeledScore } from './labeled-score.js';
import type { LatencyByStage } from '../../../../shared/eval/latency.js';
import type { EvaluationMetrics } from './metrics-document.js';
import type { DetPoint, RocPoint } from './roc.js';
import { scoreHistogram } from './score-histogram.js';
import type { Marker } from './vega-charts.js';
import { detSpec, histogramSpec, renderChart, rocSpec } from './vega-charts.js';

/** An image that failed to acquire, with a small JPEG data URI when it could be decoded. */
export interface FailureEntry {
  path: string;
  reason: string;
  detail?: string;
  thumbnail?: string;
}

/** A pair shown side by side (hardest errors). */
export interface PairEntry {
  id: string;
  a: string;
  b: string;
  score: number;
  /** Wrong side of the threshold (true) or only the closest call (false). */
  error: boolean;
  thumbnailA?: string;
  thumbnailB?: string;
}

export interface ReportInput {
  metrics: EvaluationMetrics;
  labeled: readonly LabeledScore[];
  roc: readonly RocPoint[];
  det: readonly DetPoint[];
  failures: readonly FailureEntry[];
  hardest: { falseAccepts: readonly PairEntry[]; falseRejects: readonly PairEntry[] };
}

const pct = (x: number | null | undefined, digits = 2): string =>
  x == null || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(digits)}%`;
const fixed = (x: number | null | undefined, digits = 4): string =>
  x == null || Number.isNaN(x) ? '–' : x.toFixed(digits);
const ms = (x: number | null): string => (x == null ? '–' : x.toFixed(1));
const e = escapeHtml;

const COLORS = { operating: '#2e7d32', eer: '#8e24aa' };

export async function renderReport(input: ReportInput): Promise<string> {
  const m = input.metrics;
  const sections = [
    summarySection(m),
    await chartsSection(input),
    rateTableSection(input),
    foldsSection(m),
    latencySection(m.latency_ms),
    failuresSection(m, input.failures),
    hardestSection(input.hardest, m.threshold),
    notesSection(m),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>FaceGate evaluation — ${e(m.dataset)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>FaceGate offline evaluation — ${e(m.dataset)}</h1>
<p class="sub">${e(m.embedder)} (${e(m.model_version)}), backend ${e(m.backend)}, generated ${e(m.generated_at)}</p>
${sections.join('\n')}
</body>
</html>
`;
}

function row(label: string, value: string, note = ''): string {
  return `<tr><th>${e(label)}</th><td>${value}</td><td class="note">${e(note)}</td></tr>`;
}

function summarySection(m: EvaluationMetrics): string {
  const source =
    m.threshold_source === 'manifest'
      ? `calibrated, from models/manifest.json (FAR ${m.target_far})`
      : `computed on this run for FAR ${m.target_far} (no calibrated value in the manifest)`;
  const rows = [
    row('Pairs', `${m.pairs} (${m.genuine_pairs} genuine, ${m.impostor_pairs} impostor)`),
    row(
      'Scored pairs',
      `${m.scored_pairs}`,
      `${m.unscored_genuine_pairs} genuine + ${m.unscored_impostor_pairs} impostor unscored`,
    ),
    row('Images', `${m.images}`),
    row('Failure to acquire', `${m.failure_to_acquire} (${pct(m.failure_to_acquire_rate)})`, reasons(m)),
    row('AUC', fixed(m.auc), `scored pairs only: ${fixed(m.auc_scored_only)}`),
    row('EER', pct(m.eer), `at threshold ${fixed(m.eer_threshold)}; scored pairs only: ${pct(m.eer_scored_only)}`),
    row('Operating threshold', fixed(m.threshold), source),
    row('FAR at threshold', pct(m.far_at_threshold, 3), `${m.false_accepts_at_threshold} false accepts`),
    row('FRR at threshold', pct(m.frr_at_threshold), `${m.false_rejects_at_threshold} false rejects`),
    row('Accuracy at threshold', pct(m.accuracy_at_threshold)),
    row('TAR @ FAR 1e-2', pct(m['tar_at_far_1e-2']), farNote(m, '1e-2')),
    row('TAR @ FAR 1e-3', pct(m['tar_at_far_1e-3']), farNote(m, '1e-3')),
    row('Accuracy (CV)', pct(m.accuracy_cv), m.accuracy_cv_detail.note),
    row(
      'Best accuracy',
      pct(m.best_accuracy),
      `threshold ${fixed(m.best_accuracy_threshold)}, chosen on the same pairs`,
    ),
    row('Dataset fingerprint', `<code>${e(m.fingerprint)}</code>`),
  ];
  return `<h2>Summary</h2><table class="summary">${rows.join('')}</table>`;
}

function reasons(m: EvaluationMetrics): string {
  return Object.entries(m.failures_by_reason)
    .map(([reason, n]) => `${reason}: ${n}`)
    .join(', ');
}

function farNote(m: EvaluationMetrics, key: string): string {
  const p = m.thresholds_at_far[key];
  if (!p) return '';
  const base = `threshold ${fixed(p.threshold)}, ${p.false_accepts} false accepts`;
  return p.resolvable
    ? base
    : `${base}; only ${m.impostor_pairs} impostor pairs: this set cannot resolve FAR ${key}, the threshold admits none`;
}

async function chartsSection(input: ReportInput): Promise<string> {
  const m = input.metrics;
  const farFloor = 10 ** Math.floor(Math.log10(1 / Math.max(1, m.impostor_pairs)));
  // Zoom the TAR axis on what the log FAR axis shows: a good matcher's curve would hug the top edge of 0..1.
  const tarAtFloor = input.roc.filter((p) => p.fpr <= farFloor).reduce((t, p) => Math.max(t, p.tpr), 0);
  const tarMin = Math.max(0, Math.floor((tarAtFloor - 0.05) * 10) / 10);
  const roc = rocSpec({
    title: 'ROC (unscored pairs as -∞)',
    series: m.model_version,
    points: input.roc,
    farFloor,
    tarMin,
    markers: [{ axis: 'x', value: m.target_far, label: `target FAR ${m.target_far}`, color: COLORS.operating }],
  });
  const rateMin = Math.min(
    0.01,
    10 ** Math.floor(Math.log10(1 / Math.max(1, Math.min(m.impostor_pairs, m.genuine_pairs)))),
  );
  const det = detSpec({
    title: 'DET (normal deviate scale)',
    series: m.model_version,
    points: input.det,
    rateMin,
    markers: [{ axis: 'y', value: m.eer, label: `EER ${pct(m.eer)}`, color: COLORS.eer }],
  });
  const markers: Marker[] = [
    { axis: 'x', value: m.threshold, label: `threshold ${fixed(m.threshold)}`, color: COLORS.operating },
    { axis: 'x', value: m.eer_threshold, label: `EER ${fixed(m.eer_threshold)}`, color: COLORS.eer },
  ];
  const histogram = histogramSpec({
    title: `Score distributions (${m.scored_pairs} scored pairs)`,
    xLabel: 'similarity',
    bins: scoreHistogram(input.labeled),
    markers,
  });
  const charts = await Promise.all([roc, det, histogram].map(renderChart));
  return `<h2>Curves</h2><div class="charts">${charts.join('')}</div>
<p class="note">Unscored pairs (${m.pairs - m.scored_pairs}) are not in the histogram; in the ROC and DET curves they sit at -∞,
so genuine ones are never accepted and the curves reach TAR 100% only at the accept-everything end.</p>`;
}

function rateTableSection(input: ReportInput): string {
  const m = input.metrics;
  const special = new Map<number, string>([
    [m.threshold, `operating (${m.threshold_source})`],
    [m.eer_threshold, 'EER'],
    [m.best_accuracy_threshold, 'best accuracy'],
  ]);
  for (const [key, p] of Object.entries(m.thresholds_at_far)) {
    special.set(p.threshold, [special.get(p.threshold), `FAR ≤ ${key}`].filter(Boolean).join(', '));
  }
  const table = errorRateTable(input.labeled, [...gridThresholds(input.labeled), ...special.keys()]);
  const rows = table
    .map((r) => {
      const mark = special.get(r.threshold);
      return (
        `<tr${mark ? ' class="mark"' : ''}><td>${fixed(r.threshold)}</td><td>${pct(r.far, 3)}</td>` +
        `<td>${r.falseAccepts}</td><td>${pct(r.frr)}</td><td>${r.falseRejects}</td><td>${pct(r.accuracy)}</td>` +
        `<td>${e(mark ?? '')}</td></tr>`
      );
    })
    .join('');
  return `<h2>FAR / FRR by threshold</h2>
<p class="note">Accept when similarity ≥ threshold. Counts include unscored pairs as described below.</p>
<table class="grid"><thead><tr><th>threshold</th><th>FAR</th><th>false accepts</th><th>FRR</th><th>false rejects</th>
<th>accuracy</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function foldsSection(m: EvaluationMetrics): string {
  const d = m.accuracy_cv_detail;
  const rows = d.per_fold
    .map(
      (f) =>
        `<tr><td>${f.fold + 1}</td><td>${f.pairs}</td><td>${fixed(f.threshold)}</td><td>${pct(f.accuracy)}</td></tr>`,
    )
    .join('');
  return `<h2>Accuracy by fold</h2><p class="note">${e(d.note)}. Mean ${pct(m.accuracy_cv)}, std ${pct(d.std)}, standard error ${pct(d.standard_error)}.</p>
<table class="grid"><thead><tr><th>held-out fold</th><th>pairs</th><th>threshold (other folds)</th><th>accuracy</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function latencySection(latency: LatencyByStage): string {
  const rows = Object.entries(latency)
    .map(
      ([stage, s]) =>
        `<tr><td>${e(stage)}</td><td>${s.n}</td><td>${ms(s.p50)}</td><td>${ms(s.p95)}</td><td>${ms(s.mean)}</td></tr>`,
    )
    .join('');
  return `<h2>Latency (engine stage timings, ms)</h2>
<p class="note">One analysis per image, sequential. align/embed cover images where a face was embedded; the others every decoded image.</p>
<table class="grid"><thead><tr><th>stage</th><th>images</th><th>p50</th><th>p95</th><th>mean</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function thumb(src: string | undefined, alt: string): string {
  return src ? `<img src="${e(src)}" alt="${e(alt)}">` : `<div class="noimg">no image</div>`;
}

function failuresSection(m: EvaluationMetrics, failures: readonly FailureEntry[]): string {
  if (failures.length === 0) return `<h2>Failures to acquire</h2><p>None: every image gave an embedding.</p>`;
  const cards = failures
    .map(
      (f) =>
        `<figure>${thumb(f.thumbnail, f.path)}<figcaption><code>${e(f.path)}</code><br>${e(f.reason)}` +
        `${f.detail ? `<br><span class="note">${e(f.detail)}</span>` : ''}</figcaption></figure>`,
    )
    .join('');
  return `<h2>Failures to acquire (${m.failure_to_acquire} of ${m.images} images)</h2><div class="thumbs">${cards}</div>`;
}

function pairCards(title: string, pairs: readonly PairEntry[], errorWord: string): string {
  if (pairs.length === 0) return `<h3>${e(title)}</h3><p>No scored pairs of this class.</p>`;
  const cards = pairs
    .map(
      (p) =>
        `<figure class="pair${p.error ? ' error' : ''}">${thumb(p.thumbnailA, p.a)}${thumb(p.thumbnailB, p.b)}` +
        `<figcaption>${fixed(p.score)} ${p.error ? `<b>${e(errorWord)}</b>` : '(correct, closest call)'}<br>` +
        `<code>${e(p.a)}</code><br><code>${e(p.b)}</code></figcaption></figure>`,
    )
    .join('');
  return `<h3>${e(title)}</h3><div class="thumbs">${cards}</div>`;
}

function hardestSection(hardest: ReportInput['hardest'], threshold: number): string {
  return `<h2>Hardest pairs at threshold ${fixed(threshold)}</h2>
${pairCards('Highest-scoring impostor pairs', hardest.falseAccepts, 'false accept')}
${pairCards('Lowest-scoring genuine pairs (scored)', hardest.falseRejects, 'false reject')}`;
}

function notesSection(m: EvaluationMetrics): string {
  const datasets = m.datasets
    .map(
      (d) =>
        `<li><b>${e(d.name)}</b> (<code>${e(d.path)}</code>): ${d.pairs_used} of ${d.pairs_in_file} pairs, ` +
        `${d.folds} fold(s), fingerprint <code>${e(d.fingerprint)}</code>` +
        `${d.missing_images.length > 0 ? `, ${d.missing_images.length} missing image(s)` : ''}</li>`,
    )
    .join('');
  return `<h2>How these figures were made</h2><ul>
<li>${e(m.unscored_policy)}</li>
<li>Threshold for a target FAR: the lowest-FRR threshold whose FAR on these impostor pairs is at most the target; among
equivalent thresholds the highest (the lowest accepted score) is taken, to be conservative.</li>
<li>AUC by trapezoids over the tie-grouped ROC (equals the Mann-Whitney statistic, ties counted half).
EER interpolated between the two ROC points that straddle FAR = FRR.</li>
<li>Run: ${m.limit == null ? 'all pairs' : `--limit ${m.limit}`}, min face fraction ${m.min_face_fraction ?? 'engine default'},
model load ${ms(m.load_ms.models)} ms, backend init ${ms(m.load_ms.backend)} ms, ${m.duration_s.toFixed(1)} s in all.</li>
<li>Fingerprint: ${e(m.fingerprint_method)}.</li>
${datasets}
</ul>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1800px}
h1{font-size:22px;margin:0}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}h3{font-size:15px}
.sub,.note{color:#666}table{border-collapse:collapse}th,td{padding:3px 10px;text-align:left;vertical-align:top}
table.grid td{text-align:right;font-variant-numeric:tabular-nums}table.grid td:last-child{text-align:left}
table.grid tr:nth-child(even){background:#f6f6f6}tr.mark{font-weight:600;background:#e8f5e9!important}
table.summary th{font-weight:600;white-space:nowrap}.charts{display:flex;flex-wrap:wrap;gap:12px}
svg.chart{border:1px solid #ddd;background:#fafafa}.chart-title{font-size:14px;font-weight:600}
.tick,.legend,.marker{font-size:11px}.axis-label{font-size:12px}
.thumbs{display:flex;flex-wrap:wrap;gap:10px}figure{margin:0;padding:6px;border:1px solid #ddd;width:232px;font-size:11px}
figure img,.noimg{width:112px;height:112px;object-fit:contain;background:#eee;display:inline-block}
figure.pair.error{border-color:#d9534f}.noimg{line-height:112px;text-align:center;color:#999}
code{font-size:11px;word-break:break-all}`;
