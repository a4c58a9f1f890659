/**
 * The console's operator sign-in: the operator key is entered once, checked against the server, and kept in this
 * tab's sessionStorage only (gone when the tab closes, never in the built files or a URL). End-user pages never
 * hold it; they use the site's publishable key (api/browser-api.ts).
 */

const STORAGE_KEY = 'facegate.operatorKey';

/** The minimal Storage surface used, so tests can pass a Map-backed fake. */
export type SessionStorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class OperatorSession {
  constructor(private readonly storage: SessionStorageLike) {}

  /** The signed-in operator's key, or null. */
  key(): string | null {
    const value = this.storage.getItem(STORAGE_KEY);
    return value && value.trim() !== '' ? value : null;
  }

  signIn(key: string): void {
    this.storage.setItem(STORAGE_KEY, key.trim());
  }

  signOut(): void {
    this.storage.removeItem(STORAGE_KEY);
  }
}
