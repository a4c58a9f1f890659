/**
 * The server's half of the passkey ceremonies (@simplewebauthn/server): a registration at enrollment becomes a
 * stored credential, an authentication at login is checked against it. Both are bound to one login challenge (its
 * nonce is the WebAuthn challenge), to the page's origin and its host name as RP id, and need user verification
 * (the device's PIN or biometric) and a device-bound credential: a passkey synced to other devices would prove
 * possession of an account, not of the device enrolled.
 */
import {
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { canonicalOrigin } from '../../domain/api-key.js';
import type { NewPasskey, Passkey } from '../../domain/passkey.js';
import { badRequest } from '../app-error.js';

/** Where a ceremony ran: the page's origin and the RP id (its host name) the credential is bound to. */
export interface PasskeyRelyingParty {
  origin: string;
  rpId: string;
}

/**
 * The relying party of a request from `origin`, or null when that origin may not hold passkeys for the tenant:
 * it must be one of `allowed` (a publishable key's origins, or the service's own for its hosted pages and secret
 * keys). A page on another origin could otherwise have people register credentials for it.
 */
export function passkeyRelyingParty(
  origin: string | undefined,
  allowed: readonly string[],
): PasskeyRelyingParty | null {
  const canonical = origin === undefined ? null : canonicalOrigin(origin);
  if (canonical === null || !allowed.some((a) => canonicalOrigin(a) === canonical)) return null;
  return { origin: canonical, rpId: new URL(canonical).hostname };
}

/**
 * The credential a registration response makes, checked against `nonce` and `rp`.
 * @throws AppError 400 `invalid_passkey` when the response does not verify or the credential is synced.
 */
export async function verifyPasskeyRegistration(
  response: RegistrationResponseJSON,
  nonce: string,
  rp: PasskeyRelyingParty,
): Promise<NewPasskey> {
  let result;
  try {
    result = await verifyRegistrationResponse({
      response,
      expectedChallenge: nonce,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: true,
    });
  } catch (error) {
    throw badRequest('invalid_passkey', `The passkey registration does not verify: ${(error as Error).message}`);
  }
  const info = result.registrationInfo;
  if (!result.verified || !info) throw badRequest('invalid_passkey', 'The passkey registration does not verify');
  if (info.credentialDeviceType !== 'singleDevice' || info.credentialBackedUp) {
    throw badRequest('passkey_not_device_bound', 'The passkey is synced to other devices; use one kept on this device');
  }
  return {
    credentialId: info.credential.id,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    transports: info.credential.transports ?? response.response.transports ?? [],
  };
}

/**
 * The authenticator's new signature counter when `response` is a user-verified signature by `stored` over
 * `nonce` from `rp`; null otherwise (also when the counter went backwards: a cloned authenticator).
 */
export async function verifyPasskeyAuthentication(
  response: AuthenticationResponseJSON,
  stored: Passkey,
  nonce: string,
  rp: PasskeyRelyingParty,
): Promise<number | null> {
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: nonce,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: true,
      credential: {
        id: stored.credentialId,
        publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')),
        counter: stored.counter,
      },
    });
    const info = result.authenticationInfo;
    if (!result.verified || !info.userVerified || info.credentialBackedUp) return null;
    return info.newCounter;
  } catch {
    return null;
  }
}
