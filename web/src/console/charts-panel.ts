/**
 * Operator console: the online figures of a recent window from `GET /v1/metrics` — latency p50/p95 over time,
 * outcomes over time, the score histograms of granted and denied attempts against the threshold, throughput and
 * the online FRR/FAR estimates. The server computes them over every attempt of the window.
 */
import type { FaceGateApi } from '../api/facegate-api.js';
import type { Metrics } from '../api/wire-types.js';
import { h } from '../ui/dom.js';
import { formatMs } from '../ui/format.js';
import { StatusLine } from '../ui/status-line.js';
import { chooseBucketMs } from './attempt-stats.js';
import { latencyChart, outcomesChart, scoreChart } from './charts.js';
import { latencySeries, outcomeSeries, rateWords, scoreSeries } from './metrics-series.js';
import { errorMessage, isMissingEndpoint, unavailableNote } from './panel-errors.js';
import { thresholdWords } from './threshold-words.js';

const WINDOWS: { value: string; label: string; ms: number }[] = [
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
];

export class ChartsPanel {
  readonly element: HTMLElement;
  private readonly window = h(
    'select',
    { id: 'charts-window', name: 'window' },
    ...WINDOWS.map((w) => h('option', { value: w.value }, w.label)),
  );
  private readonly status = new StatusLine();
  private readonly summary = h('p', { class: 'charts-summary' });
  private readonly rates = h('dl', { class: 'online-rates', id: 'online-rates' });
  private readonly grid = h('div', { class: 'charts' });
  private readonly note = h('div');
  private disposers: (() => void)[] = [];

  constructor(
    private readonly api: FaceGateApi,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.window.value = '24h';
    this.window.addEventListener('change', () => void this.load());
    this.element = h(
      'section',
      { id: 'charts', 'aria-labelledby': 'charts-heading' },
      h('h2', { id: 'charts-heading' }, 'Charts'),
      h('div', { class: 'charts-window' }, h('label', { for: 'charts-window' }, 'Window'), this.window),
      this.status.element,
      this.note,
      this.summary,
      this.rates,
      this.grid,
    );
  }

  async load(): Promise<void> {
    const span = WINDOWS.find((w) => w.value === this.window.value)!.ms;
    const to = Date.now();
    const from = to - span;
    const bucket = chooseBucketMs(span);
    this.status.show('Loading the figures…', 'busy');
    let m: Metrics;
    try {
      m = await this.api.metrics({
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        bucket: `${bucket / 60_000}m`,
      });
    } catch (error) {
      this.clear();
      if (isMissingEndpoint(error)) {
        this.status.clear();
        this.note.replaceChildren(unavailableNote('GET /v1/metrics', 'Charts'));
        return;
      }
      this.status.show(errorMessage(error, 'The charts could not be loaded'), 'error');
      this.onError(error);
      return;
    }
    this.clear();
    this.status.clear();
    const t = m.totals;
    this.summary.textContent =
      t.attempts === 0
        ? 'No attempts in this window.'
        : `${t.attempts} attempts (${t.throughputPerMinute.toFixed(2)} per minute): ${t.outcomes.granted} granted, ${t.outcomes.denied} denied, ${t.outcomes.error} failed` +
          (t.latency
            ? `; latency p50 ${formatMs(t.latency.p50)}, p95 ${formatMs(t.latency.p95)}, p99 ${formatMs(t.latency.p99)}.`
            : '.');
    const term = (name: string, value: string, id: string) => [h('dt', {}, name), h('dd', { id }, value)];
    this.rates.replaceChildren(
      ...term(
        'Online FRR (estimate)',
        rateWords(m.frr.estimate, m.frr.falseRejects, m.frr.genuineAttempts),
        'online-frr',
      ),
      ...term(
        'Online FAR (estimate)',
        // Without a single impostor or fraud label, 0% would read as a measurement: say it is unknown.
        t.labels.impostor + t.labels.fraud === 0
          ? `unknown: no attempt labelled impostor or fraud (${m.far.impostorAttempts} presumed impostor attempts)`
          : rateWords(m.far.estimate, m.far.falseAccepts, m.far.impostorAttempts),
        'online-far',
      ),
      ...(m.calibration
        ? term('Threshold for your population', thresholdWords(m.calibration), 'population-threshold')
        : []),
      ...term(
        'Labels',
        `${t.labels.genuine} genuine, ${t.labels.impostor} impostor, ${t.labels.fraud} fraud; a denial retried and granted within ${m.frr.linkWindowSeconds / 60} min counts as a false reject`,
        'online-labels',
      ),
    );
    if (t.attempts === 0) return;

    const figure = (id: string, caption: string) => {
      const host = h('div', { class: 'chart-host', 'aria-hidden': 'true' });
      this.grid.append(h('figure', { class: 'chart', id }, host, h('figcaption', {}, caption)));
      return host;
    };
    const scores = scoreSeries(m);
    this.disposers.push(
      latencyChart(
        figure('chart-latency', `Latency per ${bucketWords(bucket)}: p50 and p95 of the attempts in each interval.`),
        latencySeries(m),
      ),
      outcomesChart(
        figure('chart-outcomes', `Granted, denied and failed attempts per ${bucketWords(bucket)}.`),
        outcomeSeries(m),
      ),
    );
    if (scores.centres.length === 0) return;
    this.disposers.push(
      scoreChart(
        figure(
          'chart-scores',
          `Scores of granted and denied attempts against the threshold ${m.scores.threshold.toFixed(3)}. ` +
            'Online, who was genuine is unknown: the split is by decision (operator labels refine the FAR/FRR estimates); attempts refused before a comparison (no face, too dark) have no score. ' +
            'The offline evaluation report has the labelled genuine/impostor histograms.',
        ),
        scores,
      ),
    );
  }

  private clear(): void {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
    this.grid.replaceChildren();
    this.note.replaceChildren();
    this.summary.textContent = '';
    this.rates.replaceChildren();
  }
}

function bucketWords(ms: number): string {
  if (ms < 3_600_000) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  if (ms < 86_400_000) return `${ms / 3_600_000} hour${ms === 3_600_000 ? '' : 's'}`;
  return 'day';
}
