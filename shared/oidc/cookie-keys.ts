/**
 * Keys that sign the OpenID Provider's cookies, derived (HKDF-SHA256) from the token signing keys, so every
 * instance signs alike with no new secret to deploy, and a signing-key rotation rotates them too (the previous
 * key still verifies, as for tokens).
 */
import { hkdfSync } from 'node:crypto';
import type { SigningKey } from '../auth/signing-keys.js';

export function cookieKeys(keys: readonly SigningKey[]): string[] {
  return keys.map((key) => {
    const d = key.privateJwk.d;
    if (!d) throw new Error('signing key has no private part');
    return Buffer.from(
      hkdfSync('sha256', Buffer.from(d, 'base64url'), Buffer.alloc(0), 'facegate oidc cookies', 32),
    ).toString('base64url');
  });
}
