import { hashApiKey, isApiKeyShaped } from '../../crypto/api-key-hash.js';
import { originAllowed } from '../../domain/api-key.js';
import { AppError, unauthorized } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { Principal } from '../facegate-app.js';

/**
 * Resolve `Authorization: Bearer <key>` to its tenant and role. Keys are stored as sha256 only. A publishable key
 * also needs the request's browser origin (`origin`, see http/request-origin.ts) to be one of the key's origins:
 * that is what makes it safe in a web page another site could copy it from.
 */
export async function authenticate(
  deps: Pick<AppDeps, 'repos'>,
  authorization: string | undefined,
  origin?: string,
): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const key = match?.[1];
  if (!key || !isApiKeyShaped(key)) throw unauthorized();
  const stored = await deps.repos.apiKeys.findByHash(hashApiKey(key));
  if (!stored) throw unauthorized('Unknown or revoked API key');
  if (!originAllowed(stored, origin)) {
    throw new AppError(
      403,
      'origin_not_allowed',
      origin === undefined
        ? 'This publishable key works only from its allowed web origins, and the request named none'
        : `This publishable key is not allowed from ${origin}`,
    );
  }
  return {
    tenantId: stored.tenantId,
    role: stored.role,
    apiKeyId: stored.id,
    ...(stored.allowedOrigins !== null ? { allowedOrigins: stored.allowedOrigins } : {}),
  };
}
