/**
 * Operator console: the applications that sign people in with FaceGate (the tenant's OpenID Provider). Registers a
 * client — its name, redirect URIs, whether it is the tenant's own (no consent screen) and whether it is a server
 * that keeps a secret (shown once, right after) — lists them, and deletes one (with confirmation).
 */
import type { FaceGateApi, OidcClient } from '../api/facegate-api.js';
import { h } from '../ui/dom.js';
import { StatusLine } from '../ui/status-line.js';
import { confirmDialog } from './confirm-dialog.js';
import { errorMessage } from './panel-errors.js';

export class OidcClientsPanel {
  readonly element: HTMLElement;
  private readonly name = h('input', { id: 'oidc-client-name', name: 'name', required: true, maxlength: 200 });
  private readonly redirects = h('textarea', {
    id: 'oidc-client-redirects',
    name: 'redirectUris',
    required: true,
    rows: 2,
    placeholder: 'https://app.example.com/callback',
  });
  private readonly firstParty = h('input', {
    type: 'checkbox',
    id: 'oidc-client-first-party',
    name: 'firstParty',
    role: 'switch',
    checked: true,
  });
  private readonly confidential = h('input', {
    type: 'checkbox',
    id: 'oidc-client-confidential',
    name: 'confidential',
    role: 'switch',
    checked: true,
  });
  private readonly list = h('tbody', {});
  private readonly secretOut = h('div', { class: 'oidc-client-secret', hidden: true });
  private readonly status = new StatusLine();

  constructor(
    private readonly api: FaceGateApi,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    const form = h(
      'form',
      { class: 'oidc-client-form', 'aria-label': 'Register a sign-in client' },
      h('label', { for: 'oidc-client-name' }, 'Application name'),
      this.name,
      h('label', { for: 'oidc-client-redirects' }, 'Redirect URIs (one per line)'),
      this.redirects,
      h('label', { for: 'oidc-client-first-party' }, this.firstParty, 'First-party (our own app: no consent screen)'),
      h('label', { for: 'oidc-client-confidential' }, this.confidential, 'Server app (gets a client secret)'),
      h('button', { type: 'submit' }, 'Register client'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.register();
    });
    this.element = h(
      'section',
      { id: 'oidc-clients', 'aria-labelledby': 'oidc-clients-heading' },
      h('h2', { id: 'oidc-clients-heading' }, 'Sign-in clients (OpenID Connect)'),
      h('p', {}, 'Applications that send people here to sign in with their face and get an ID token back.'),
      h(
        'table',
        { class: 'oidc-clients-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Name', 'Client id', 'Redirect URIs', 'First-party', ''].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        this.list,
      ),
      form,
      this.secretOut,
      this.status.element,
    );
  }

  async load(): Promise<void> {
    try {
      this.show((await this.api.listOidcClients()).clients);
    } catch (error) {
      this.status.show(errorMessage(error, 'The sign-in clients could not be loaded'), 'error');
      this.onError(error);
    }
  }

  private show(clients: OidcClient[]): void {
    this.list.replaceChildren(
      ...clients.map((c) => {
        const remove = h('button', { type: 'button', class: 'outline secondary' }, 'Delete');
        remove.setAttribute('aria-label', `Delete ${c.name}`);
        remove.addEventListener('click', () => void this.remove(c));
        return h(
          'tr',
          { 'data-client-id': c.clientId },
          h('td', { 'data-label': 'Name' }, c.name),
          h('td', { 'data-label': 'Client id' }, h('code', {}, c.clientId)),
          h('td', { 'data-label': 'Redirect URIs' }, c.redirectUris.join(' ')),
          h('td', { 'data-label': 'First-party' }, c.firstParty ? 'yes' : 'no'),
          h('td', {}, remove),
        );
      }),
    );
    if (clients.length === 0) {
      this.list.append(h('tr', {}, h('td', { colspan: 5 }, 'No sign-in clients yet.')));
    }
  }

  private async register(): Promise<void> {
    const redirectUris = this.redirects.value
      .split(/\s+/)
      .map((u) => u.trim())
      .filter(Boolean);
    this.status.show('Registering the client…', 'busy');
    try {
      const client = await this.api.registerOidcClient({
        name: this.name.value.trim(),
        redirectUris,
        firstParty: this.firstParty.checked,
        confidential: this.confidential.checked,
      });
      this.name.value = '';
      this.redirects.value = '';
      this.secretOut.hidden = !client.clientSecret;
      this.secretOut.replaceChildren(
        ...(client.clientSecret
          ? [
              h('p', {}, `Client secret of ${client.name} — copy it to the app now; it is not shown again:`),
              h('pre', { 'data-field': 'oidc-client-secret' }, h('code', {}, client.clientSecret)),
            ]
          : []),
      );
      this.status.show(`Registered ${client.name} (client id ${client.clientId}).`, 'success');
      await this.load();
    } catch (error) {
      this.status.show(errorMessage(error, 'The client was not registered'), 'error');
      this.onError(error);
    }
  }

  private async remove(client: OidcClient): Promise<void> {
    const sure = await confirmDialog(
      `Delete ${client.name}?`,
      'The app can no longer send people here to sign in; sign-ins in progress fail.',
      'Delete client',
    );
    if (!sure) return;
    try {
      await this.api.deleteOidcClient(client.clientId);
      this.secretOut.hidden = true;
      this.status.show(`Deleted ${client.name}.`, 'success');
      await this.load();
    } catch (error) {
      this.status.show(errorMessage(error, 'The client could not be deleted'), 'error');
      this.onError(error);
    }
  }
}
