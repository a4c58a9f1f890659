/**
 * Operator console: the attempts log, filtered by outcome, username and time, newest first, each attempt labelled
 * genuine / impostor / fraud in place (the ground truth of the online FAR/FRR). Served by `GET /v1/attempts`;
 * while a server lacks that endpoint the panel says so instead of failing.
 */
import { adviceFor } from '../advice/reason-advice.js';
import type { FaceGateApi } from '../api/facegate-api.js';
import type { Attempt, AttemptFilter, AttemptLabel, AttemptOutcome, User } from '../api/wire-types.js';
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
    name: 'username',
    id: 'attempts-user',
    list: 'attempts-users',
    maxlength: 128,
    placeholder: 'username',
    autocomplete: 'off',
  });
  /** A user's page shows only that user's attempts, by id (a username may be reused after an erasure). */
  private fixedUserId: string | undefined;
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
    const headers = [...ATTEMPT_COLUMNS, 'Label'];
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

  /** Offers these usernames in the user filter. */
  setUsers(users: readonly User[]): void {
    this.userList.replaceChildren(...users.map((u) => h('option', { value: u.username })));
  }

  /** Filters on one user and reloads. */
  showUser(username: string): void {
    this.user.value = username;
    void this.load();
    this.element.scrollIntoView({ block: 'start' });
    this.user.focus();
  }

  /** Shows only this user's attempts, for good (the user page); the user filter is hidden. */
  fixUser(userId: string): void {
    this.fixedUserId = userId;
    this.user.closest('div')?.setAttribute('hidden', '');
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
      this.body.append(...page.attempts.map((a) => this.row(a)));
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

  private row(a: Attempt): HTMLTableRowElement {
    const tr = attemptRow(a);
    tr.append(h('td', { 'data-label': 'Label' }, this.labelControl(a)));
    return tr;
  }

  /** A select that saves the operator's verdict as soon as it changes, and says so. */
  private labelControl(a: Attempt): HTMLElement {
    const select = h(
      'select',
      { 'aria-label': `Label attempt of ${who(a)} at ${formatTime(a.createdAt)}`, 'data-field': 'label' },
      h('option', { value: '' }, a.label ? 'Label…' : 'Unlabelled'),
      ...LABELS.map(([value, text]) => h('option', { value, selected: a.label?.label === value }, text)),
    );
    select.addEventListener('change', () => {
      const label = select.value as AttemptLabel | '';
      if (!label) return;
      select.disabled = true;
      this.api.labelAttempt(a.id, label).then(
        () => {
          select.disabled = false;
          select.dataset.saved = label;
          this.status.show(`Attempt labelled ${label}.`, 'success');
        },
        (error: unknown) => {
          select.disabled = false;
          select.value = a.label?.label ?? '';
          this.status.show(errorMessage(error, 'The label could not be saved'), 'error');
          this.onError(error);
        },
      );
    });
    return select;
  }

  private filter(): AttemptFilter {
    const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);
    return {
      outcome: (this.outcome.value || undefined) as AttemptOutcome | undefined,
      userId: this.fixedUserId,
      username: this.fixedUserId ? undefined : this.user.value.trim() || undefined,
      since: iso(this.since.value),
      until: iso(this.until.value),
    };
  }
}

const LABELS: [AttemptLabel, string][] = [
  ['genuine', 'Genuine'],
  ['impostor', 'Impostor'],
  ['fraud', 'Fraud'],
];

const ATTEMPT_COLUMNS = ['Time', 'Kind', 'Outcome', 'User', 'Score / threshold', 'Reason', 'Latency'];

/** Who an attempt concerns: the matched user's current username, else the name that was claimed. */
function who(a: Attempt): string {
  return a.username ?? a.claimedUsername ?? (a.userId ? 'erased user' : '—');
}

/** One attempt's cells; `data-label` names each cell where the narrow layout stacks them. */
export function attemptRow(a: Attempt): HTMLTableRowElement {
  const reason = a.reason
    ? h('abbr', { title: adviceFor(a.reason, a.kind === 'identify' ? 'kiosk' : 'login').title }, a.reason)
    : '';
  const id = uniqueId('attempt');
  const [time, kind, outcome, user, score, reasonLabel, latency] = ATTEMPT_COLUMNS;
  return h(
    'tr',
    { 'data-attempt-id': a.id, 'data-outcome': a.outcome, id },
    h('td', { 'data-label': time }, h('time', { datetime: a.createdAt }, formatTime(a.createdAt))),
    h('td', { 'data-label': kind }, a.kind),
    h('td', { 'data-label': outcome }, h('span', { class: `badge badge-${a.outcome}` }, a.outcome)),
    h('td', { 'data-label': user, 'data-field': 'user' }, who(a)),
    h('td', { 'data-label': score }, `${formatScore(a.score)} / ${formatScore(a.threshold)}`),
    h('td', { 'data-label': reasonLabel, 'data-field': 'reason' }, reason),
    h('td', { 'data-label': latency }, formatMs(a.latencyMs)),
  );
}
