/**
 * Checks an ES256 access token's signature against the service's published JWKS with WebCrypto — the same check
 * any relying party makes — so the login page can show that the token is genuine, not just decodable.
 */
import type { DecodedJwt } from './jwt-claims.js';

export type SignatureCheck = { valid: true; kid: string } | { valid: false; why: string };

export async function checkSignature(jwt: DecodedJwt, jwks: { keys: JsonWebKey[] }): Promise<SignatureCheck> {
  if (jwt.header.alg !== 'ES256') return { valid: false, why: `unexpected algorithm ${String(jwt.header.alg)}` };
  const kid = jwt.header.kid;
  const jwk = jwks.keys.find((k) => (k as JsonWebKey & { kid?: string }).kid === kid);
  if (typeof kid !== 'string' || !jwk) return { valid: false, why: 'no published key has this token’s kid' };
  if (!globalThis.crypto?.subtle) return { valid: false, why: 'this page is not a secure context' };
  const { kty, crv, x, y } = jwk;
  const key = await crypto.subtle.importKey('jwk', { kty, crv, x, y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'verify',
  ]);
  const valid = await crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    jwt.signature,
    new TextEncoder().encode(jwt.signingInput),
  );
  return valid ? { valid: true, kid } : { valid: false, why: 'the signature does not match' };
}
