/**
 * The device key of the possession factor: an ECDSA P-256 key pair made with WebCrypto at enrollment. The private
 * half is non-extractable — script can use it to sign but never read it — so it cannot leave this browser; only
 * the public JWK goes to the server.
 */
import { possessionMessage } from '../../../shared/app/possession/possession-message.js';
import { canonicalUsername } from '../../../shared/domain/user.js';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export interface DeviceKey {
  privateKey: CryptoKey;
  /** `{kty: 'EC', crv: 'P-256', x, y, ...}` as WebCrypto exports it; registered with the enrollment. */
  publicJwk: JsonWebKey;
}

/** A challenge as `POST /v1/challenges` returns it (the members the signature covers). */
export interface SignableChallenge {
  challengeId: string;
  nonce: string;
  tenantId: string;
}

/** Whether this page can make device keys (WebCrypto needs a secure context: https or localhost). */
export function deviceKeysSupported(subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle): boolean {
  return subtle !== undefined;
}

export async function createDeviceKey(subtle: SubtleCrypto = crypto.subtle): Promise<DeviceKey> {
  const pair = await subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
  return { privateKey: pair.privateKey, publicJwk: await subtle.exportKey('jwk', pair.publicKey) };
}

/** The base64url ES256 signature (raw r || s) the server checks against the enrolled public key. */
export async function signChallenge(
  privateKey: CryptoKey,
  challenge: SignableChallenge,
  username: string,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<string> {
  const message = possessionMessage({ ...challenge, username: canonicalUsername(username) });
  const signature = await subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    privateKey,
    new TextEncoder().encode(message),
  );
  return base64Url(new Uint8Array(signature));
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
