/**
 * Operator console, one user (`?user=<id>#user`): who they are, their lockout (with Unlock), their passkeys and
 * device key (each with Revoke, for a lost phone), their enrollment photos — fetched with the operator key as blobs (an <img> cannot send it), each view audited by the server,
 * released when the page goes — and, beside it, their attempts and alerts.
 */
import type { FaceGateApi } from '../api/facegate-api.js';
import type { UserDetail } from '../api/wire-types.js';
import { h } from '../ui/dom.js';
import { formatTime } from '../ui/format.js';
import { StatusLine } from '../ui/status-line.js';
import { errorMessage } from './panel-errors.js';
import { possessionCredentialsList } from './possession-credentials-list.js';
import { unlockButton } from './unlock-button.js';
import { lockoutText } from './users-panel.js';

export class UserPagePanel {
  readonly element: HTMLElement;
  private readonly heading = h('h2', { id: 'user-heading' }, 'User');
  private readonly facts = h('dl', { class: 'user-facts' });
  private readonly photos = h('div', { class: 'user-photos', 'aria-label': 'Enrollment photos' });
  private readonly actions = h('div', { role: 'group', class: 'user-actions' });
  private readonly credentials = h('div', { id: 'user-credentials' });
  private readonly status = new StatusLine();
  private readonly objectUrls: string[] = [];

  constructor(
    private readonly api: FaceGateApi,
    private readonly userId: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.element = h(
      'section',
      { id: 'user', 'aria-labelledby': 'user-heading', 'data-user-id': userId },
      h('p', {}, h('a', { href: './' }, '← All users')),
      this.heading,
      this.status.element,
      this.facts,
      this.actions,
      h('h3', {}, 'Passkeys and device keys'),
      this.credentials,
      h('h3', {}, 'Enrollment photos'),
      this.photos,
    );
    window.addEventListener('pagehide', () => this.releasePhotos());
  }

  async load(): Promise<void> {
    this.status.show('Loading the user…', 'busy');
    try {
      const detail = await this.api.getUser(this.userId);
      this.render(detail);
      this.status.clear();
      await this.loadPhotos(detail);
    } catch (error) {
      this.status.show(errorMessage(error, 'The user could not be loaded'), 'error');
      this.onError(error);
    }
  }

  private render(detail: UserDetail): void {
    const { user } = detail;
    this.heading.textContent = user.displayName ? `${user.displayName} (${user.username})` : user.username;
    const fact = (term: string, value: string, field: string) => [
      h('dt', {}, term),
      h('dd', { 'data-field': field }, value),
    ];
    this.facts.replaceChildren(
      ...fact('Username', user.username, 'username'),
      ...fact('Email', user.email ?? '—', 'email'),
      ...fact('Enrollment', user.status, 'status'),
      ...fact('Templates', String(user.templates), 'templates'),
      ...fact('Lockout', lockoutText(user), 'lockout'),
      ...fact('Created', formatTime(user.createdAt), 'created'),
    );
    this.actions.replaceChildren();
    if (user.lockedUntil) {
      this.actions.append(
        unlockButton({
          api: this.api,
          user,
          status: this.status,
          onUnlocked: () => {
            const cell = this.facts.querySelector('[data-field="lockout"]');
            if (cell) cell.textContent = '—';
          },
          onError: (error) => this.onError(error),
        }),
      );
    }
    this.credentials.replaceChildren(
      possessionCredentialsList(detail, {
        api: this.api,
        status: this.status,
        onError: (error) => this.onError(error),
      }),
    );
  }

  private async loadPhotos(detail: UserDetail): Promise<void> {
    this.releasePhotos();
    if (detail.photos.length === 0) {
      this.photos.replaceChildren(h('p', {}, 'No enrollment photo is stored.'));
      return;
    }
    this.photos.replaceChildren();
    for (const photo of detail.photos) {
      const figure = h('figure', { 'data-capture-id': photo.captureId });
      this.photos.append(figure);
      try {
        const blob = await this.api.userPhoto(this.userId, photo.captureId);
        const url = URL.createObjectURL(blob);
        this.objectUrls.push(url);
        figure.append(
          h('img', { src: url, alt: `Enrollment photo of ${detail.user.username}`, width: 160, loading: 'lazy' }),
          h('figcaption', {}, formatTime(photo.createdAt)),
        );
      } catch (error) {
        figure.append(h('figcaption', {}, errorMessage(error, 'Photo unavailable')));
      }
    }
  }

  private releasePhotos(): void {
    for (const url of this.objectUrls.splice(0)) URL.revokeObjectURL(url);
  }
}
