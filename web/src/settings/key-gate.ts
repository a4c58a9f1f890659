/**
 * Runs a page once the key it needs is known: at once when this tab has it, otherwise after the person enters
 * it in an inline form. Pages call `ask` again when the server refuses the key (401/403).
 */
import { replaceChildren } from '../ui/dom.js';
import { keyForm } from './key-form.js';
import type { KeyRole, KeyStore } from './key-store.js';

export class KeyGate {
  constructor(
    private readonly store: KeyStore,
    private readonly role: KeyRole,
    /** Where the inline form goes; emptied when the key is saved. */
    private readonly slot: HTMLElement,
  ) {}

  /** The key, or null. */
  key(): string | null {
    return this.store.get(this.role);
  }

  /** Calls `ready` now if the key is known, else once it has been entered. */
  whenReady(ready: () => void): void {
    if (this.key()) ready();
    else this.ask(`This page needs the ${this.role} API key of your organization.`, ready);
  }

  /** Shows the inline form with `notice`; `then` runs after saving. */
  ask(notice: string, then?: () => void): void {
    this.slot.hidden = false;
    replaceChildren(
      this.slot,
      keyForm(this.store, {
        roles: [this.role],
        notice,
        onSaved: () => {
          replaceChildren(this.slot);
          this.slot.hidden = true;
          then?.();
        },
      }),
    );
    this.slot.querySelector('input')?.focus();
  }
}
