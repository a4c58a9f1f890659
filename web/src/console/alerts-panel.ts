/**
 * Operator console: security alerts (repeated failures, lockouts, suspected spoofs, identify probing), newest
 * first, from `GET /v1/alerts`; says so when the server does not offer that endpoint.
 */
import type { FaceGateApi } from '../api/facegate-api.js';
import type { Alert } from '../api/wire-types.js';
import { h } from '../ui/dom.js';
import { formatTime } from '../ui/format.js';
import { StatusLine } from '../ui/status-line.js';
import { errorMessage, isMissingEndpoint, unavailableNote } from './panel-errors.js';

const KIND_WORDS: Record<string, string> = {
  repeated_failures: 'Repeated failures',
  account_locked: 'Account locked',
  spoof_suspected: 'Suspected spoof',
  identify_probing: 'Identify probing',
  duplicate_identity: 'Duplicate identity',
  locked_account_attempt: 'Attempt on a locked account',
};

export class AlertsPanel {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'alerts', id: 'alerts-list' });
  private readonly status = new StatusLine();
  private readonly note = h('div');

  constructor(
    private readonly api: FaceGateApi,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.element = h(
      'section',
      { id: 'alerts', 'aria-labelledby': 'alerts-heading' },
      h('h2', { id: 'alerts-heading' }, 'Alerts'),
      this.status.element,
      this.note,
      this.list,
    );
  }

  async load(): Promise<void> {
    this.status.show('Loading alerts…', 'busy');
    try {
      const page = await this.api.listAlerts({ limit: 50 });
      this.note.replaceChildren();
      this.list.replaceChildren(...page.alerts.map(item));
      this.status.show(
        page.alerts.length === 0 ? 'No alerts.' : `${page.alerts.length} alert${page.alerts.length === 1 ? '' : 's'}.`,
      );
    } catch (error) {
      if (isMissingEndpoint(error)) {
        this.status.clear();
        this.list.replaceChildren();
        this.note.replaceChildren(unavailableNote('GET /v1/alerts', 'Alerts'));
        return;
      }
      this.status.show(errorMessage(error, 'The alerts could not be loaded'), 'error');
      this.onError(error);
    }
  }
}

function item(alert: Alert): HTMLLIElement {
  return h(
    'li',
    {
      'data-alert-id': alert.alertId,
      'data-kind': alert.kind,
      'data-user-id': alert.userId,
      'data-attempt-ids': alert.attemptIds.join(' '),
    },
    h('span', { class: `badge badge-${alert.severity}` }, alert.severity),
    ' ',
    h('strong', {}, KIND_WORDS[alert.kind] ?? alert.kind),
    ' — ',
    alert.summary,
    ' ',
    h(
      'small',
      {},
      h('time', { datetime: alert.createdAt }, formatTime(alert.createdAt)),
      alert.userId ? ` · user ${alert.userId}` : '',
      ` · ${alert.attemptIds.length} attempt${alert.attemptIds.length === 1 ? '' : 's'}`,
    ),
  );
}
