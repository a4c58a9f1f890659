/** A person enrolled (or enrolling) with a tenant. */
export interface User {
  id: string;
  tenantId: string;
  /** Unique within the tenant; stored as produced by {@link normalizeUsername}. */
  username: string;
  displayName: string | null;
  email: string | null;
  /** Encoded scrypt hash (shared/crypto/password-hash.ts), or null when the user has no password. */
  passwordHash: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
}

/** Longest username the `users.username` column holds. */
export const USERNAME_MAX_LENGTH = 128;

/**
 * The canonical form of a username: Unicode NFC, trimmed, lower-cased. Usernames are compared in
 * this form everywhere, so "Alice" and "alice " are the same person, on MySQL and SQLite alike
 * (the schema compares bytes, not a locale collation).
 *
 * @returns the canonical username, or null when it is empty, too long or contains whitespace or
 *   control characters.
 */
export function normalizeUsername(raw: string): string | null {
  const username = canonicalUsername(raw);
  if (username.length === 0 || username.length > USERNAME_MAX_LENGTH) return null;
  if (/[\s\p{Cc}\p{Cf}]/u.test(username)) return null;
  return username;
}

/**
 * Unicode NFC, trimmed, lower-cased, without the validity checks of {@link normalizeUsername}: the form the web
 * client keys its device keys by and signs (it imports this module).
 */
export function canonicalUsername(raw: string): string {
  return raw.normalize('NFC').trim().toLowerCase();
}
