/**
 * Checks a device signature with WebCrypto, the same API the browser signed with: ECDSA P-256 over SHA-256, the
 * signature in WebCrypto's raw form (r || s, 64 bytes) as base64url.
 */
import { webcrypto } from 'node:crypto';
import type { DevicePublicJwk } from '../../domain/device-key.js';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** @returns false for a wrong, malformed or mis-sized signature; never throws for bad input. */
export async function verifyPossessionSignature(
  publicJwk: DevicePublicJwk,
  message: string,
  signatureBase64Url: string,
): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{86}$/.test(signatureBase64Url)) return false;
  const signature = Buffer.from(signatureBase64Url, 'base64url');
  if (signature.length !== 64) return false;
  try {
    const key = await webcrypto.subtle.importKey('jwk', { ...publicJwk, ext: true }, ALGORITHM, false, ['verify']);
    return await webcrypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      signature,
      new TextEncoder().encode(message),
    );
  } catch {
    return false;
  }
}
