/**
 * Operator console: charts over a recent window of attempts — latency p50/p95 over time, outcomes over time, and
 * the score histograms of granted and denied attempts against the threshold.
 */
import type { FaceGateApi } from '../api/facegate-api.js';
import type { Attempt } from '../api/wire-types.js';
import { h } from '../ui/dom.js';
import { formatMs } from '../ui/format.js';
import { StatusLine } from '../ui/status-line.js';
import { chooseBucketMs, latencyOverTime, outcomesOverTime, scoreHistogram, windowSummary } from './attempt-stats.js';
import { latencyChart, outcomesChart, scoreChart } from './charts.js';
import { errorMessage, isMissingEndpoint, unavailableNote } from './panel-errors.js';

const WINDOWS: { value: string; label: string; ms: number }[] = [
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
];

/** The charts read at most this many attempts (pages of 500): enough for a picture, bounded for the browser. */
const MAX_ATTEMPTS = 5000;

export class ChartsPanel {
  readonly element: HTMLElement;
  private readonly window = h(
    'select',
    { id: 'charts-window', name: 'window' },
    ...WINDOWS.map((w) => h('option', { value: w.value }, w.label)),
  );
  private readonly status = new StatusLine();
  private readonly summary = h('p', { class: 'charts-summary' });
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
      this.grid,
    );
  }

  async load(): Promise<void> {
    const span = WINDOWS.find((w) => w.value === this.window.value)!.ms;
    const to = Date.now();
    const from = to - span;
    this.status.show('Loading attempts for the charts…', 'busy');
    let attempts: Attempt[];
    try {
      attempts = await this.fetchWindow(new Date(from).toISOString());
    } catch (error) {
      this.clear();
      if (isMissingEndpoint(error)) {
        this.status.clear();
        this.note.replaceChildren(unavailableNote('GET /v1/attempts', 'Charts'));
        return;
      }
      this.status.show(errorMessage(error, 'The charts could not be loaded'), 'error');
      this.onError(error);
      return;
    }
    this.clear();
    this.status.clear();
    const s = windowSummary(attempts);
    this.summary.textContent =
      s.total === 0
        ? 'No attempts in this window.'
        : `${s.total} attempts: ${s.granted} granted, ${s.denied} denied (${(s.grantRate * 100).toFixed(0)}% granted); latency p50 ${formatMs(s.p50)}, p95 ${formatMs(s.p95)}.` +
          (attempts.length >= MAX_ATTEMPTS ? ` Only the newest ${MAX_ATTEMPTS} are charted.` : '');
    if (s.total === 0) return;

    const bucket = chooseBucketMs(span);
    const latency = latencyOverTime(attempts, from, to, bucket);
    const outcomes = outcomesOverTime(attempts, from, to, bucket);
    const scores = scoreHistogram(attempts);
    const figure = (id: string, caption: string) => {
      const host = h('div', { class: 'chart-host', 'aria-hidden': 'true' });
      this.grid.append(h('figure', { class: 'chart', id }, host, h('figcaption', {}, caption)));
      return host;
    };
    this.disposers.push(
      latencyChart(
        figure('chart-latency', `Latency per ${bucketWords(bucket)}: p50 and p95 of the attempts in each interval.`),
        latency,
      ),
      outcomesChart(
        figure('chart-outcomes', `Granted, denied and failed attempts per ${bucketWords(bucket)}.`),
        outcomes,
      ),
      scoreChart(
        figure(
          'chart-scores',
          `Scores of granted and denied attempts${scores.threshold !== null ? ` against the threshold ${scores.threshold.toFixed(3)}` : ''}. ` +
            'Online, who was genuine is unknown: the split is by decision; attempts refused before a comparison (no face, too dark) have no score. ' +
            'The offline evaluation report has the labelled genuine/impostor histograms.',
        ),
        scores,
      ),
    );
  }

  private async fetchWindow(since: string): Promise<Attempt[]> {
    const attempts: Attempt[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.api.listAttempts({ since, limit: 500, cursor });
      attempts.push(...page.attempts);
      cursor = page.nextCursor;
    } while (cursor && attempts.length < MAX_ATTEMPTS);
    return attempts.slice(0, MAX_ATTEMPTS);
  }

  private clear(): void {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
    this.grid.replaceChildren();
    this.note.replaceChildren();
    this.summary.textContent = '';
  }
}

function bucketWords(ms: number): string {
  if (ms < 3_600_000) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  if (ms < 86_400_000) return `${ms / 3_600_000} hour${ms === 3_600_000 ? '' : 's'}`;
  return 'day';
}
