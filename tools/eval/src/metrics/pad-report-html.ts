/**
 * The PAD evaluation report: one self-contained HTML file with the headline figures, the live and attack score
 * distributions against the operating threshold, and the figures per attack type and per subject.
 */
import { escapeHtml as e } from './html-escape.js';
import type { PadErrorRates, PadScore } from './pad-metrics.js';
import { scoreHistogram } from './score-histogram.js';
import { histogramSpec, renderChart } from './vega-charts.js';

export interface PadReportInput {
  title: string;
  subtitle: string;
  rows: readonly [label: string, value: string, note: string][];
  scores: readonly PadScore[];
  /** The operating threshold and, when different, the one this set itself would need for the target BPCER. */
  threshold: number;
  setThreshold?: { value: number; label: string };
  rates: PadErrorRates;
  perSubject: Record<string, PadErrorRates | { live: number; attacks: number; note: string }>;
  /** Presentations on the wrong side of the threshold (path, label, score). */
  errors: readonly { path: string; live: boolean; score: number | null }[];
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export async function renderPadReport(input: PadReportInput): Promise<string> {
  const labeled = input.scores.flatMap((s) => (s.score === null ? [] : [{ genuine: s.live, score: s.score }]));
  const markers = [{ axis: 'x' as const, value: input.threshold, label: 'threshold', color: '#2e7d32' }];
  if (input.setThreshold) {
    markers.push({ axis: 'x', value: input.setThreshold.value, label: input.setThreshold.label, color: '#8e24aa' });
  }
  const chart = await renderChart(
    histogramSpec({
      title: 'Score distributions (higher = more likely live)',
      xLabel: 'PAD score',
      bins: scoreHistogram(labeled, 40),
      markers,
      names: { genuine: 'live', impostor: 'attack', items: 'presentations' },
    }),
  );
  const types = Object.entries(input.rates.per_attack_type)
    .map(
      ([type, t]) => `<tr><td>${e(type)}</td><td>${t.attacks}</td><td>${t.accepted}</td><td>${pct(t.apcer)}</td></tr>`,
    )
    .join('');
  const subjects = Object.entries(input.perSubject)
    .map(([subject, r]) =>
      'bpcer' in r
        ? `<tr><td>${e(subject)}</td><td>${r.live}</td><td>${pct(r.bpcer)}</td><td>${r.attacks}</td><td>${pct(r.apcer_pooled)}</td></tr>`
        : `<tr><td>${e(subject)}</td><td>${r.live}</td><td colspan="3">${e(r.note)}</td></tr>`,
    )
    .join('');
  const errors = input.errors
    .map(
      (x) =>
        `<tr><td>${e(x.path)}</td><td>${x.live ? 'live' : 'attack'}</td><td>${x.score?.toFixed(4) ?? 'no face'}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(input.title)}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 1100px; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.75rem; text-align: left; vertical-align: top; }
td.note, .sub { color: #666; }
svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>${e(input.title)}</h1>
<p class="sub">${e(input.subtitle)}</p>
<h2>Summary</h2>
<table>${input.rows.map(([l, v, n]) => `<tr><th>${e(l)}</th><td>${e(v)}</td><td class="note">${e(n)}</td></tr>`).join('')}</table>
<h2>Score distributions</h2>
${chart}
<h2>Attack types (at the operating threshold)</h2>
<table><tr><th>type</th><th>attacks</th><th>accepted</th><th>APCER</th></tr>${types}</table>
<h2>Subjects (at the operating threshold)</h2>
<table><tr><th>subject</th><th>live</th><th>BPCER</th><th>attacks</th><th>APCER</th></tr>${subjects}</table>
<h2>Errors at the operating threshold (${input.errors.length})</h2>
<table><tr><th>image</th><th>label</th><th>score</th></tr>${errors}</table>
</body>
</html>
`;
}
