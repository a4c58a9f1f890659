/**
 * The API keys the person typed in, kept in sessionStorage: they last for this tab only and never go into the
 * built files. A key may also be handed over once in the URL fragment (`#clientKey=…&operatorKey=…`, which the
 * browser never sends to a server); it is moved into sessionStorage and wiped from the address bar at once.
 */

export type KeyRole = 'client' | 'operator';

export const KEY_ROLES: readonly KeyRole[] = ['client', 'operator'];

/** What each key is for, in the words the settings form uses. */
export const KEY_LABELS: Record<KeyRole, string> = {
  client: 'Client API key (enroll, log in, kiosk)',
  operator: 'Operator API key (console)',
};

const STORAGE_KEY: Record<KeyRole, string> = { client: 'facegate.clientKey', operator: 'facegate.operatorKey' };
const FRAGMENT_PARAM: Record<KeyRole, string> = { client: 'clientKey', operator: 'operatorKey' };

/** The minimal Storage surface used, so tests can pass a Map-backed fake. */
export type KeyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class KeyStore {
  constructor(private readonly storage: KeyStorage) {}

  get(role: KeyRole): string | null {
    const value = this.storage.getItem(STORAGE_KEY[role]);
    return value && value.trim() !== '' ? value : null;
  }

  /** Stores a trimmed key; an empty value forgets it. */
  set(role: KeyRole, key: string): void {
    const trimmed = key.trim();
    if (trimmed === '') this.storage.removeItem(STORAGE_KEY[role]);
    else this.storage.setItem(STORAGE_KEY[role], trimmed);
  }

  /**
   * Takes keys out of a URL fragment. Returns the fragment with those parameters removed (empty string when
   * nothing else was in it) and which roles were imported.
   */
  importFromFragment(fragment: string): { rest: string; imported: KeyRole[] } {
    const params = new URLSearchParams(fragment.replace(/^#/, ''));
    const imported: KeyRole[] = [];
    let touched = false;
    for (const role of KEY_ROLES) {
      const value = params.get(FRAGMENT_PARAM[role]);
      if (value === null) continue;
      touched = true;
      params.delete(FRAGMENT_PARAM[role]);
      if (value.trim() === '') continue;
      this.set(role, value);
      imported.push(role);
    }
    if (!touched) return { rest: fragment, imported };
    const rest = params.toString();
    return { rest: rest === '' ? '' : `#${rest}`, imported };
  }
}

let shared: KeyStore | undefined;

/** The tab's key store; on first use it also imports (and erases) keys handed over in the URL fragment. */
export function keyStore(): KeyStore {
  if (shared) return shared;
  shared = new KeyStore(window.sessionStorage);
  if (window.location.hash) {
    const { rest, imported } = shared.importFromFragment(window.location.hash);
    if (imported.length > 0) {
      history.replaceState(history.state, '', window.location.pathname + window.location.search + rest);
    }
  }
  return shared;
}
