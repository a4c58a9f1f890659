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
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds; a revoked key no longer authenticates. */
  revokedAt: number | null;
}
