/**
 * The small form where a person enters API keys. Keys are typed as passwords (not shown, not autofilled into
 * other sites) and saved to this tab's sessionStorage only.
 */
import { h, uniqueId } from '../ui/dom.js';
import { StatusLine } from '../ui/status-line.js';
import type { KeyRole, KeyStore } from './key-store.js';
import { KEY_LABELS } from './key-store.js';

export interface KeyFormOptions {
  roles: readonly KeyRole[];
  /** Shown above the fields, e.g. why the key is needed now. */
  notice?: string;
  onSaved?: () => void;
}

export function keyForm(store: KeyStore, options: KeyFormOptions): HTMLFormElement {
  const status = new StatusLine();
  const inputs = options.roles.map((role) => {
    const id = uniqueId(`key-${role}`);
    const input = h('input', {
      id,
      name: `${role}Key`,
      type: 'password',
      autocomplete: 'off',
      spellcheck: 'false',
      required: options.roles.length === 1,
      value: store.get(role) ?? '',
    });
    return { role, input, label: h('label', { for: id }, KEY_LABELS[role]) };
  });
  const form = h(
    'form',
    { class: 'key-form', 'aria-label': 'API keys' },
    options.notice ? h('p', {}, options.notice) : null,
    ...inputs.flatMap(({ label, input }) => [label, input]),
    h('small', {}, 'Kept in this browser tab only, and forgotten when the tab closes.'),
    h('button', { type: 'submit' }, 'Save keys'),
    status.element,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const { role, input } of inputs) store.set(role, input.value);
    status.show('Saved for this tab.', 'success');
    options.onSaved?.();
  });
  return form;
}
