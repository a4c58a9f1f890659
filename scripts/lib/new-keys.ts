/**
 * Fresh secret values for a deployed stack, in the exact formats `loadConfig` accepts: the template key (base64 of
 * 32 random bytes) and the JWT signing key list (a new ES256 key first, then the current one so tokens it signed
 * stay verifiable until they expire).
 */
import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { generateSigningJwk, MAX_PUBLISHED_KEYS } from '../../shared/auth/signing-keys.js';

/** A new AES-256-GCM template key, base64. */
export function newTemplateKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * The next value of FACEGATE_JWT_SIGNING_KEYS: a new key, followed by the newest current key (if any).
 * @param current the present value (JSON array of private JWKs), or undefined/empty for a first key.
 * @throws Error when `current` is not a JSON array of JWKs.
 */
export async function nextSigningKeys(current?: string): Promise<string> {
  let previous: JWK[] = [];
  if (current !== undefined && current.trim() !== '') {
    const parsed = JSON.parse(current) as unknown;
    if (!Array.isArray(parsed)) throw new Error('the current signing keys must be a JSON array of JWKs');
    previous = parsed as JWK[];
  }
  const keys = [await generateSigningJwk(), ...previous].slice(0, MAX_PUBLISHED_KEYS);
  return JSON.stringify(keys);
}
