/**
 * Operator console: security alerts (repeated failures, lockouts, suspected spoofs, identify probing), newest
 * first, from `GET /v1/alerts` — open ones by default, each acknowledged in place (the first acknowledgement
 * stands and is audited); says so when the server does not offer that endpoint.
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

export interface AlertsPanelOptions {
  /** Only this user's alerts (the user page). */
  userId?: string;
  /** Link text and target for the user an alert names; absent: no link. */
  userHref?: (userId: string) => string;
  onError?: (error: unknown) => void;
}

export class AlertsPanel {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'alerts', id: 'alerts-list' });
  private readonly status = new StatusLine();
  private readonly note = h('div');
  private readonly openOnly = h('input', { type: 'checkbox', id: 'alerts-open-only', role: 'switch', checked: true });

  constructor(
    private readonly api: FaceGateApi,
    private readonly options: AlertsPanelOptions = {},
  ) {
    this.openOnly.addEventListener('change', () => void this.load());
    this.element = h(
      'section',
      { id: options.userId ? 'user-alerts' : 'alerts', 'aria-labelledby': 'alerts-heading' },
      h('h2', { id: 'alerts-heading' }, 'Alerts'),
      h('label', { for: 'alerts-open-only' }, this.openOnly, ' Open alerts only'),
      this.status.element,
      this.note,
      this.list,
    );
  }

  async load(): Promise<void> {
    this.status.show('Loading alerts…', 'busy');
    try {
      const page = await this.api.listAlerts({
        limit: 50,
        ...(this.options.userId ? { userId: this.options.userId } : {}),
        ...(this.openOnly.checked ? { acknowledged: 'false' as const } : {}),
      });
      this.note.replaceChildren();
      this.list.replaceChildren(...page.alerts.map((a) => this.item(a)));
      const open = this.openOnly.checked ? 'open ' : '';
      this.status.show(
        page.alerts.length === 0
          ? `No ${open}alerts.`
          : `${page.alerts.length} ${open}alert${page.alerts.length === 1 ? '' : 's'}.`,
      );
    } catch (error) {
      if (isMissingEndpoint(error)) {
        this.status.clear();
        this.list.replaceChildren();
        this.note.replaceChildren(unavailableNote('GET /v1/alerts', 'Alerts'));
        return;
      }
      this.status.show(errorMessage(error, 'The alerts could not be loaded'), 'error');
      this.options.onError?.(error);
    }
  }

  private item(alert: Alert): HTMLLIElement {
    const state = h('span', { 'data-field': 'acknowledged' }, acknowledgedText(alert));
    const ack = alert.acknowledgedAt
      ? null
      : h('button', { type: 'button', class: 'outline', 'aria-label': `Acknowledge: ${alert.summary}` }, 'Acknowledge');
    const userLink =
      alert.userId && this.options.userHref
        ? h('a', { href: this.options.userHref(alert.userId) }, "user's page")
        : null;
    const li = h(
      'li',
      {
        'data-alert-id': alert.alertId,
        'data-kind': alert.kind,
        'data-user-id': alert.userId,
        'data-attempt-ids': alert.attemptIds.join(' '),
        'data-acknowledged': alert.acknowledgedAt ? 'true' : 'false',
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
        ` · ${alert.attemptIds.length} attempt${alert.attemptIds.length === 1 ? '' : 's'}`,
        userLink ? ' · ' : '',
        userLink,
        ' · ',
        state,
      ),
      ack ? ' ' : '',
      ack,
    );
    ack?.addEventListener('click', () => {
      ack.disabled = true;
      this.api.acknowledgeAlert(alert.alertId).then(
        (updated) => {
          state.replaceChildren(acknowledgedText(updated));
          li.dataset.acknowledged = 'true';
          ack.remove();
          this.status.show('Alert acknowledged.', 'success');
        },
        (error: unknown) => {
          ack.disabled = false;
          this.status.show(errorMessage(error, 'The alert could not be acknowledged'), 'error');
          this.options.onError?.(error);
        },
      );
    });
    return li;
  }
}

function acknowledgedText(alert: Alert): string {
  return alert.acknowledgedAt ? `acknowledged ${formatTime(alert.acknowledgedAt)}` : 'open';
}
