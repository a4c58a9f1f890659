/**
 * Operator console: where the tenant's alerts are POSTed. Shows the URL (never the secret), sets or replaces it —
 * the signing secret is shown once, right after, for the receiver — and removes it (with confirmation).
 */
import type { FaceGateApi } from '../api/facegate-api.js';
import { h } from '../ui/dom.js';
import { StatusLine } from '../ui/status-line.js';
import { confirmDialog } from './confirm-dialog.js';
import { errorMessage } from './panel-errors.js';

export class WebhookPanel {
  readonly element: HTMLElement;
  private readonly current = h('p', { 'data-field': 'webhook-url' });
  private readonly url = h('input', {
    type: 'url',
    id: 'webhook-url',
    name: 'url',
    required: true,
    maxlength: 2048,
    placeholder: 'https://hooks.example.com/facegate',
    autocomplete: 'off',
  });
  private readonly secretOut = h('div', { class: 'webhook-secret', hidden: true });
  private readonly remove = h('button', { type: 'button', class: 'outline secondary', hidden: true }, 'Remove webhook');
  private readonly status = new StatusLine();

  constructor(
    private readonly api: FaceGateApi,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    const form = h(
      'form',
      { class: 'webhook-form', 'aria-label': 'Set the alert webhook' },
      h('label', { for: 'webhook-url' }, 'Alert webhook URL (https)'),
      h('fieldset', { role: 'group' }, this.url, h('button', { type: 'submit' }, 'Save')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    this.remove.addEventListener('click', () => void this.delete());
    this.element = h(
      'section',
      { id: 'webhook', 'aria-labelledby': 'webhook-heading' },
      h('h2', { id: 'webhook-heading' }, 'Webhook'),
      h(
        'p',
        {},
        'Every alert is POSTed here with a FaceGate-Signature header (HMAC-SHA256 of "<t>.<body>"); ' +
          'private and loopback addresses are refused.',
      ),
      this.current,
      form,
      this.secretOut,
      this.remove,
      this.status.element,
    );
  }

  async load(): Promise<void> {
    try {
      const webhook = await this.api.getWebhook();
      this.show(webhook.configured ? webhook.url : undefined);
    } catch (error) {
      this.status.show(errorMessage(error, 'The webhook could not be loaded'), 'error');
      this.onError(error);
    }
  }

  private show(url: string | undefined): void {
    this.current.replaceChildren(url ? 'Alerts are sent to ' : 'No webhook: alerts are only listed here.');
    if (url) this.current.append(h('code', {}, url));
    this.remove.hidden = !url;
  }

  private async save(): Promise<void> {
    this.status.show('Saving the webhook…', 'busy');
    try {
      const set = await this.api.setWebhook(this.url.value.trim());
      this.show(set.url);
      this.url.value = '';
      this.secretOut.hidden = false;
      this.secretOut.replaceChildren(
        h('p', {}, 'Signing secret — copy it to the receiver now; it is not shown again:'),
        h('pre', { 'data-field': 'webhook-secret' }, h('code', {}, set.secret)),
      );
      this.status.show('Webhook saved.', 'success');
    } catch (error) {
      this.status.show(errorMessage(error, 'The webhook was not saved'), 'error');
      this.onError(error);
    }
  }

  private async delete(): Promise<void> {
    const sure = await confirmDialog(
      'Remove the webhook?',
      'Alerts are still recorded and listed here, but no longer POSTed anywhere.',
      'Remove webhook',
    );
    if (!sure) return;
    try {
      await this.api.deleteWebhook();
      this.show(undefined);
      this.secretOut.hidden = true;
      this.status.show('Webhook removed.', 'success');
    } catch (error) {
      this.status.show(errorMessage(error, 'The webhook could not be removed'), 'error');
      this.onError(error);
    }
  }
}
