/**
 * Operator console: the drift check's history from `GET /v1/drift`, newest first — each run's status, the features
 * that moved (with the statistic that tripped and its threshold), and the two windows compared.
 */
import type { FaceGateApi } from '../api/facegate-api.js';
import type { DriftReport, FeatureDrift } from '../api/wire-types.js';
import { h } from '../ui/dom.js';
import { formatTime } from '../ui/format.js';
import { StatusLine } from '../ui/status-line.js';
import { errorMessage, isMissingEndpoint, unavailableNote } from './panel-errors.js';

const STATUS_WORDS: Record<DriftReport['status'], string> = {
  stable: 'stable',
  drift: 'drift',
  insufficient: 'too few captures',
};

export class DriftPanel {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'drift-history', id: 'drift-list' });
  private readonly status = new StatusLine();
  private readonly note = h('div');

  constructor(
    private readonly api: FaceGateApi,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.element = h(
      'section',
      { id: 'drift', 'aria-labelledby': 'drift-heading' },
      h('h2', { id: 'drift-heading' }, 'Drift'),
      h(
        'p',
        {},
        'Each check compares the recent window of captures with the reference window before it: brightness, sharpness, face size, pose, detection score, genuine scores and the template centroid.',
      ),
      this.status.element,
      this.note,
      this.list,
    );
  }

  async load(): Promise<void> {
    this.status.show('Loading the drift history…', 'busy');
    try {
      const page = await this.api.listDriftReports({ limit: 30 });
      this.note.replaceChildren();
      this.list.replaceChildren(...page.reports.map(item));
      this.status.show(
        page.reports.length === 0
          ? 'No drift check has run yet.'
          : `${page.reports.length} check${page.reports.length === 1 ? '' : 's'}, newest first.`,
      );
    } catch (error) {
      if (isMissingEndpoint(error)) {
        this.status.clear();
        this.list.replaceChildren();
        this.note.replaceChildren(unavailableNote('GET /v1/drift', 'Drift reports'));
        return;
      }
      this.status.show(errorMessage(error, 'The drift history could not be loaded'), 'error');
      this.onError(error);
    }
  }
}

function movedWords(f: FeatureDrift): string {
  if (!f.trigger) return f.feature;
  const statistic = f.trigger.statistic === 'mean_shift' ? 'shift' : f.trigger.statistic.toUpperCase();
  const shift =
    f.referenceMean !== undefined && f.recentMean !== undefined
      ? `, mean ${f.referenceMean.toFixed(2)} → ${f.recentMean.toFixed(2)}`
      : '';
  return `${f.feature} (${statistic} ${f.trigger.value.toFixed(3)} ≥ ${f.trigger.threshold}${shift})`;
}

function item(report: DriftReport): HTMLLIElement {
  const moved = report.features.filter((f) => f.moved);
  const badge = report.status === 'drift' ? (report.severity ?? 'warning') : report.status;
  return h(
    'li',
    { 'data-report-id': report.id, 'data-status': report.status, 'data-moved': report.moved.join(' ') },
    h('span', { class: `badge badge-drift-${badge}` }, STATUS_WORDS[report.status]),
    ' ',
    moved.length > 0 ? h('strong', {}, moved.map(movedWords).join('; ')) : '',
    ' ',
    h(
      'small',
      {},
      h('time', { datetime: report.createdAt }, formatTime(report.createdAt)),
      ` · recent ${report.window.count} captures since ${formatTime(report.window.start)}, reference ${report.reference.count}` +
        ` · ${report.modelVersion}`,
    ),
  );
}
