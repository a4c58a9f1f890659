/** What a key may do: `client` enrolls, verifies and identifies; `operator` also lists and deletes users. */
export type ApiKeyRole = 'client' | 'operator';

export const API_KEY_ROLES: readonly ApiKeyRole[] = ['client', 'operator'];

/** A tenant's API key as stored: only its sha256 is kept, never the key itself. */
export interface ApiKey {
  id: string;
  tenantId: string;
  role: ApiKeyRole;
  /** Hex sha256 of the full key (see shared/crypto/api-key-hash.ts). */
  keyHash: string;
  /** The first characters of the key, safe to show so an operator can tell keys apart. */
  displayPrefix: string;
  label: string | null;
  /**
   * A publishable key's allowed browser origins (`https://app.example.com`), checked on every request against the
   * request's Origin; null for a secret key, which is meant for servers and carries no origin check.
   */
  allowedOrigins: readonly string[] | null;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds; a revoked key no longer authenticates. */
  revokedAt: number | null;
}

/** True for a publishable key: a client key bound to browser origins, safe to ship in a web page. */
export function isPublishable(key: Pick<ApiKey, 'allowedOrigins'>): boolean {
  return key.allowedOrigins !== null;
}

/**
 * `value` as a canonical web origin (`scheme://host[:port]`, lower case, default port dropped), or null when it
 * is not one: only http(s), and nothing after the authority, so an allow-list entry cannot be a prefix trick.
 */
export function canonicalOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== ''))
    return null;
  return url.origin;
}

/** True when a request from `origin` (its Origin header) may use `key`; a secret key has no origin check. */
export function originAllowed(key: Pick<ApiKey, 'allowedOrigins'>, origin: string | undefined): boolean {
  if (key.allowedOrigins === null) return true;
  if (origin === undefined) return false;
  const canonical = canonicalOrigin(origin);
  return canonical !== null && key.allowedOrigins.includes(canonical);
}
