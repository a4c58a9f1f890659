import { hashApiKey, isApiKeyShaped } from '../../crypto/api-key-hash.js';
import { unauthorized } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { Principal } from '../facegate-app.js';

/** Resolve `Authorization: Bearer <key>` to its tenant and role. Keys are stored as sha256 only. */
export async function authenticate(
  deps: Pick<AppDeps, 'repos'>,
  authorization: string | undefined,
): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const key = match?.[1];
  if (!key || !isApiKeyShaped(key)) throw unauthorized();
  const stored = await deps.repos.apiKeys.findByHash(hashApiKey(key));
  if (!stored) throw unauthorized('Unknown or revoked API key');
  return { tenantId: stored.tenantId, role: stored.role, apiKeyId: stored.id };
}
