/**
 * Operator console: the attempts log, filtered by outcome, user and time, newest first. Served by
 * `GET /v1/attempts`; while a server lacks that endpoint the panel says so instead of failing.
 */
import { adviceFor } from '../advice/reason-advice.js';
import type { FaceGateApi } from '../api/facegate-api.js';
import type { Attempt, AttemptFilter, AttemptOutcome, User } from '../api/wire-types.js';
import { h, uniqueId } from '../ui/dom.js';
import { formatMs, formatScore, formatTime } from '../ui/format.js';
import { StatusLine } from '../ui/status-line.js';
import { errorMessage, isMissingEndpoint, unavailableNote } from './panel-errors.js';

const OUTCOMES: { value: '' | AttemptOutcome; label: string }[] = [
  { value: '', label: 'Any outcome' },
  { value: 'granted', label: 'Granted' },
  { value: 'denied', label: 'Denied' },
  { value: 'error', label: 'Error' },
];

export class AttemptsPanel {
  readonly element: HTMLElement;
  private readonly outcome = h(
    'select',
    { name: 'outcome', id: 'attempts-outcome' },
    ...OUTCOMES.map((o) => h('option', { value: o.value }, o.label)),
  );
  private readonly user = h('input', {
    name: 'userId',
    id: 'attempts-user',
    list: 'attempts-users',
    maxlength: 64,
    placeholder: 'user id',
    autocomplete: 'off',
  });
  private readonly userList = h('datalist', { id: 'attempts-users' });
  private readonly since = h('input', { type: 'datetime-local', name: 'since', id: 'attempts-since' });
  private readonly until = h('input', { type: 'datetime-local', name: 'until', id: 'attempts-until' });
  private readonly body = h('tbody');
  private readonly table: HTMLElement;
  private readonly more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  private readonly status = new StatusLine();
  private readonly note = h('div');
  private readonly form: HTMLFormElement;
  private cursor: string | undefined;
  private shown = 0;

  constructor(
    private readonly api: FaceGateApi,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    const labelled = (label: string, control: HTMLElement) =>
      h('div', {}, h('label', { for: control.id }, label), control);
    const form = (this.form = h(
      'form',
      { class: 'filters', 'aria-label': 'Filter attempts' },
      labelled('Outcome', this.outcome),
      labelled('User', this.user),
      labelled('From', this.since),
      labelled('Until', this.until),
      h('div', {}, h('button', { type: 'submit' }, 'Apply filters')),
      this.userList,
    ));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.load();
    });
    this.more.addEventListener('click', () => void this.load(this.cursor));
    const headers = ['Time', 'Kind', 'Outcome', 'User', 'Score / threshold', 'Reason', 'Latency'];
    this.table = h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'striped', id: 'attempts-table' },
        h('caption', { class: 'visually-hidden' }, 'Login attempts, newest first'),
        h('thead', {}, h('tr', {}, ...headers.map((c) => h('th', { scope: 'col' }, c)))),
        this.body,
      ),
    );
    this.element = h(
      'section',
      { id: 'attempts', 'aria-labelledby': 'attempts-heading' },
      h('h2', { id: 'attempts-heading' }, 'Attempts'),
      form,
      this.status.element,
      this.note,
      this.table,
      this.more,
    );
  }

  /** Offers these users in the user filter (value = id, label = username). */
  setUsers(users: readonly User[]): void {
    this.userList.replaceChildren(...users.map((u) => h('option', { value: u.userId }, u.username)));
  }

  /** Filters on one user and reloads. */
  showUser(userId: string): void {
    this.user.value = userId;
    void this.load();
    this.element.scrollIntoView({ block: 'start' });
    this.user.focus();
  }

  async load(cursor?: string): Promise<void> {
    this.status.show('Loading attempts…', 'busy');
    try {
      const page = await this.api.listAttempts({ ...this.filter(), limit: 50, cursor });
      this.note.replaceChildren();
      this.table.hidden = false;
      this.form.hidden = false;
      if (!cursor) {
        this.body.replaceChildren();
        this.shown = 0;
      }
      this.body.append(...page.attempts.map((a) => row(a)));
      this.shown += page.attempts.length;
      this.cursor = page.nextCursor;
      this.more.hidden = !page.nextCursor;
      this.status.show(
        this.shown === 0 ? 'No attempts match.' : `${this.shown} attempt${this.shown === 1 ? '' : 's'} shown.`,
      );
    } catch (error) {
      if (isMissingEndpoint(error)) {
        this.status.clear();
        this.table.hidden = true;
        this.form.hidden = true;
        this.more.hidden = true;
        this.note.replaceChildren(unavailableNote('GET /v1/attempts', 'Attempts'));
        return;
      }
      this.status.show(errorMessage(error, 'The attempts could not be loaded'), 'error');
      this.onError(error);
    }
  }

  private filter(): AttemptFilter {
    const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);
    return {
      outcome: (this.outcome.value || undefined) as AttemptOutcome | undefined,
      userId: this.user.value.trim() || undefined,
      since: iso(this.since.value),
      until: iso(this.until.value),
    };
  }
}

function row(a: Attempt): HTMLTableRowElement {
  const who = a.claimedUsername ?? a.userId ?? '—';
  const reason = a.reason
    ? h('abbr', { title: adviceFor(a.reason, a.kind === 'identify' ? 'kiosk' : 'login').title }, a.reason)
    : '';
  const id = uniqueId('attempt');
  return h(
    'tr',
    { 'data-attempt-id': a.id, 'data-outcome': a.outcome, id },
    h('td', {}, h('time', { datetime: a.createdAt }, formatTime(a.createdAt))),
    h('td', {}, a.kind),
    h('td', {}, h('span', { class: `badge badge-${a.outcome}` }, a.outcome)),
    h('td', { 'data-field': 'user' }, who),
    h('td', {}, `${formatScore(a.score)} / ${formatScore(a.threshold)}`),
    h('td', { 'data-field': 'reason' }, reason),
    h('td', {}, formatMs(a.latencyMs)),
  );
}
