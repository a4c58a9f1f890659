/**
 * A user's possession credentials on their console page — passkeys and the older device key, never key material —
 * each with Revoke: the way an operator cuts off a lost or stolen phone. After a confirmation the service revokes
 * it and the row goes; a failure is said in the page's status line and the row stays.
 */
import type { FaceGateApi } from '../api/facegate-api.js';
import type { UserDetail } from '../api/wire-types.js';
import { h } from '../ui/dom.js';
import { formatTime } from '../ui/format.js';
import type { StatusLine } from '../ui/status-line.js';
import { confirmDialog } from './confirm-dialog.js';
import { errorMessage } from './panel-errors.js';

export interface PossessionCredentialsOptions {
  api: FaceGateApi;
  status: StatusLine;
  onError?: (error: unknown) => void;
}

interface Row {
  id: string;
  kind: 'passkey' | 'device-key';
  label: string;
  facts: string;
  revoke: () => Promise<void>;
  /** What else goes with it, for the confirmation. */
  consequence: string;
}

export function possessionCredentialsList(detail: UserDetail, options: PossessionCredentialsOptions): HTMLElement {
  const { api, status } = options;
  const { user } = detail;
  const list = h('ul', { class: 'user-credentials', 'aria-label': 'Passkeys and device keys' });
  const rows: Row[] = [
    ...detail.passkeys.map((p) => ({
      id: p.passkeyId,
      kind: 'passkey' as const,
      label: 'Passkey',
      facts: [
        `added ${formatTime(p.createdAt)}`,
        p.lastUsedAt ? `last used ${formatTime(p.lastUsedAt)}` : 'never used to log in',
        p.transports.length > 0 ? `via ${p.transports.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      revoke: () => api.revokePasskey(user.userId, p.passkeyId),
      consequence:
        detail.deviceKeys.length > 0 ? ' Their older device key, already replaced by the passkey, goes with it.' : '',
    })),
    ...detail.deviceKeys.map((d) => ({
      id: d.deviceKeyId,
      kind: 'device-key' as const,
      label: 'Device key',
      facts: [`added ${formatTime(d.createdAt)}`, d.superseded ? 'no longer accepted (the account has a passkey)' : '']
        .filter(Boolean)
        .join(' · '),
      revoke: () => api.revokeDeviceKey(user.userId, d.deviceKeyId),
      consequence: '',
    })),
  ];
  const showEmpty = () => list.replaceChildren(h('li', {}, 'No passkey or device key is registered.'));
  if (rows.length === 0) showEmpty();

  for (const row of rows) {
    const button = h(
      'button',
      { type: 'button', class: 'outline secondary', 'aria-label': `Revoke ${row.label.toLowerCase()} ${row.id}` },
      'Revoke',
    );
    const item = h(
      'li',
      { 'data-credential-id': row.id, 'data-kind': row.kind },
      h('strong', {}, row.label),
      ' ',
      h('span', { 'data-field': 'facts' }, row.facts),
      ' ',
      button,
    );
    button.addEventListener('click', () => {
      void (async () => {
        const sure = await confirmDialog(
          `Revoke this ${row.label.toLowerCase()} of ${user.username}?`,
          `The device that holds it can no longer log in, from the next attempt on.${row.consequence} ` +
            'Where the enrolled device is required, the person logs in again only after an operator re-enrolls ' +
            'them with a new passkey. This cannot be undone.',
          'Revoke',
        );
        if (!sure) return;
        status.show(`Revoking the ${row.label.toLowerCase()}…`, 'busy');
        button.disabled = true;
        try {
          await row.revoke();
          item.remove();
          // A revoked passkey took the superseded device key with it (revoke-possession-credential.ts).
          if (row.kind === 'passkey') list.querySelector('[data-kind="device-key"]')?.remove();
          if (list.children.length === 0) showEmpty();
          status.show(`The ${row.label.toLowerCase()} of ${user.username} was revoked.`, 'success');
        } catch (error) {
          button.disabled = false;
          status.show(errorMessage(error, `The ${row.label.toLowerCase()} could not be revoked`), 'error');
          options.onError?.(error);
        }
      })();
    });
    list.append(item);
  }
  return list;
}
