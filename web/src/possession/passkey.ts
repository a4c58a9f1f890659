/**
 * The possession factor with passkeys (WebAuthn via @simplewebauthn/browser): at enrollment the device's platform
 * authenticator makes a credential for this page's host name, bound to a login challenge; at login it signs the
 * next challenge after the person unlocks it (device PIN or biometric). The private key never leaves the
 * authenticator, unlike the older device key, which lived in this browser's IndexedDB.
 */
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import {
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
} from '../../../shared/app/possession/passkey-options.js';
import { canonicalUsername } from '../../../shared/domain/user.js';
import type { Challenge } from '../api/wire-types.js';

/**
 * Whether this device offers a passkey kept on it and unlocked by the person (a platform authenticator with user
 * verification), on a page with a host name (WebAuthn binds credentials to one; an IP address cannot be an RP id).
 */
export async function passkeysAvailable(): Promise<boolean> {
  if (!browserSupportsWebAuthn() || /^[\d.]+$|^\[/.test(location.hostname)) return false;
  try {
    return await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable();
  } catch {
    return false;
  }
}

export interface PasskeyRegistration {
  challengeId: string;
  response: RegistrationResponseJSON;
}

/** Makes a passkey for `username` over `challenge`; throws when the person or the browser declines. */
export async function registerPasskey(
  challenge: Pick<Challenge, 'challengeId' | 'nonce'>,
  username: string,
  displayName?: string,
): Promise<PasskeyRegistration> {
  const handle = new Uint8Array(16);
  crypto.getRandomValues(handle);
  const optionsJSON = passkeyRegistrationOptions({
    nonce: challenge.nonce,
    rpId: location.hostname,
    username: canonicalUsername(username),
    ...(displayName ? { displayName } : {}),
    userHandle: base64Url(handle),
  });
  return { challengeId: challenge.challengeId, response: await startRegistration({ optionsJSON }) };
}

/** This device's passkey signature over `challenge`, or null when it has none for this site (or the person declined). */
export async function assertPasskey(challenge: Pick<Challenge, 'nonce'>): Promise<AuthenticationResponseJSON | null> {
  if (!(await passkeysAvailable())) return null;
  try {
    return await startAuthentication({ optionsJSON: passkeyAuthenticationOptions(challenge.nonce, location.hostname) });
  } catch {
    return null;
  }
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
