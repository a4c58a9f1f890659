/**
 * Operator console: the tenant's users — search, page through, see who is locked out and until when, unlock,
 * open a user's page, erase one (with confirmation).
 */
import type { FaceGateApi } from '../api/facegate-api.js';
import type { User } from '../api/wire-types.js';
import { h } from '../ui/dom.js';
import { formatTime } from '../ui/format.js';
import { StatusLine } from '../ui/status-line.js';
import { confirmDialog } from './confirm-dialog.js';
import { errorMessage } from './panel-errors.js';
import { unlockButton } from './unlock-button.js';

export interface UsersPanelOptions {
  /** "Attempts" in a row: show that user's attempts. */
  onShowAttempts?: (user: User) => void;
  /** The users listed so far, e.g. for the attempts filter's suggestions. */
  onUsers?: (users: readonly User[]) => void;
  /** Every failure, so the page can ask for a key again on 401/403. */
  onError?: (error: unknown) => void;
}

const USER_COLUMNS = ['Username', 'Name', 'Email', 'Status', 'Lockout', 'Templates', 'Created'];

/** The console's own link to a user's page. */
export const userPageHref = (userId: string): string => `?user=${encodeURIComponent(userId)}#user`;

export class UsersPanel {
  readonly element: HTMLElement;
  private readonly search = h('input', {
    type: 'search',
    name: 'search',
    id: 'users-search',
    maxlength: 128,
    placeholder: 'username, name or email',
  });
  private readonly body = h('tbody');
  private readonly more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  private readonly status = new StatusLine();
  private cursor: string | undefined;
  private users: User[] = [];

  constructor(
    private readonly api: FaceGateApi,
    private readonly options: UsersPanelOptions = {},
  ) {
    const form = h(
      'form',
      { class: 'user-search' },
      h('label', { for: 'users-search' }, 'Search users'),
      h('fieldset', { role: 'group' }, this.search, h('button', { type: 'submit' }, 'Search')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.load();
    });
    this.more.addEventListener('click', () => void this.load(this.cursor));
    this.element = h(
      'section',
      { id: 'users', 'aria-labelledby': 'users-heading' },
      h('h2', { id: 'users-heading' }, 'Users'),
      form,
      this.status.element,
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'striped', id: 'users-table' },
          h('caption', { class: 'visually-hidden' }, 'Enrolled users'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...USER_COLUMNS.map((c) => h('th', { scope: 'col' }, c)),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
            ),
          ),
          this.body,
        ),
      ),
      this.more,
    );
  }

  /** Loads the first page (or the page after `cursor`) for the current search. */
  async load(cursor?: string): Promise<void> {
    this.status.show('Loading users…', 'busy');
    try {
      const page = await this.api.listUsers({ search: this.search.value.trim() || undefined, limit: 50, cursor });
      if (!cursor) {
        this.body.replaceChildren();
        this.users = [];
      }
      this.users.push(...page.users);
      this.body.append(...page.users.map((u) => this.row(u)));
      this.cursor = page.nextCursor;
      this.more.hidden = !page.nextCursor;
      this.status.show(
        this.users.length === 0
          ? 'No users match.'
          : `${this.users.length} user${this.users.length === 1 ? '' : 's'} shown.`,
      );
      this.options.onUsers?.(this.users);
    } catch (error) {
      this.status.show(errorMessage(error, 'The users could not be loaded'), 'error');
      this.options.onError?.(error);
    }
  }

  private row(user: User): HTMLTableRowElement {
    const remove = h(
      'button',
      { type: 'button', class: 'outline secondary', 'aria-label': `Delete ${user.username}` },
      'Delete',
    );
    const attempts = h(
      'button',
      { type: 'button', class: 'outline', 'aria-label': `Attempts of ${user.username}` },
      'Attempts',
    );
    const lockCell = h('td', { 'data-label': 'Lockout', 'data-field': 'lockout' }, lockoutText(user));
    const unlock = user.lockedUntil
      ? unlockButton({
          api: this.api,
          user,
          status: this.status,
          className: 'outline',
          ariaLabel: `Unlock ${user.username}`,
          onUnlocked: () => {
            lockCell.replaceChildren('—');
            row.dataset.locked = 'false';
          },
          ...(this.options.onError ? { onError: this.options.onError } : {}),
        })
      : null;
    const row = h(
      'tr',
      { 'data-user-id': user.userId, 'data-locked': user.lockedUntil ? 'true' : 'false' },
      h('th', { scope: 'row' }, h('a', { href: userPageHref(user.userId) }, user.username)),
      h('td', { 'data-label': 'Name' }, user.displayName ?? ''),
      h('td', { 'data-label': 'Email' }, user.email ?? ''),
      h('td', { 'data-label': 'Status' }, h('span', { class: `badge badge-${user.status}` }, user.status)),
      lockCell,
      h('td', { 'data-label': 'Templates' }, user.templates),
      h('td', { 'data-label': 'Created' }, h('time', { datetime: user.createdAt }, formatTime(user.createdAt))),
      h('td', { class: 'actions' }, h('div', { role: 'group' }, attempts, unlock, remove)),
    );
    attempts.addEventListener('click', () => this.options.onShowAttempts?.(user));
    remove.addEventListener('click', () => void this.remove(user, row));
    return row;
  }

  private async remove(user: User, row: HTMLTableRowElement): Promise<void> {
    const sure = await confirmDialog(
      `Delete ${user.username}?`,
      'Their face templates, photos and enrollments are erased now. Past attempts stay in the log without their name. This cannot be undone.',
      'Delete user',
    );
    if (!sure) return;
    this.status.show(`Deleting ${user.username}…`, 'busy');
    try {
      await this.api.deleteUser(user.userId);
      row.remove();
      this.users = this.users.filter((u) => u.userId !== user.userId);
      this.options.onUsers?.(this.users);
      this.status.show(`${user.username} was deleted.`, 'success');
      this.search.focus();
    } catch (error) {
      this.status.show(errorMessage(error, `${user.username} could not be deleted`), 'error');
      this.options.onError?.(error);
    }
  }
}

/** "Locked until 14:03:22" while a lockout runs, a dash otherwise. */
export function lockoutText(user: Pick<User, 'lockedUntil'>): string {
  return user.lockedUntil ? `Locked until ${formatTime(user.lockedUntil)}` : '—';
}
