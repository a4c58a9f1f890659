/**
 * The WebAuthn options of the possession factor's two ceremonies, built from a login challenge
 * (`POST /v1/challenges`): its nonce is the WebAuthn challenge, so the single-use, short-lived challenge store of
 * the device key serves passkeys too. The server checks what matters in the response (the challenge, origin, RP id,
 * user verification, a device-bound credential), so these options only ask the authenticator for the same.
 *
 * The one definition: the web client imports it to call the authenticator, the tests to drive one. Browser-safe:
 * type imports only.
 */
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';

/** How long the browser waits for the person at the authenticator. */
export const PASSKEY_TIMEOUT_MS = 60_000;

/** ES256 first (what platform authenticators make), RS256 for Windows Hello. */
const ALGORITHMS = [-7, -257];

export interface RegistrationOptionsInput {
  /** The login challenge's nonce (base64url). */
  nonce: string;
  /** The page's host name: the passkey is bound to it (WebAuthn RP id). */
  rpId: string;
  username: string;
  displayName?: string;
  /** base64url of random bytes: the WebAuthn user handle (no personal data in it). */
  userHandle: string;
}

/** A discoverable, platform credential with user verification: the device's PIN or biometric unlocks it. */
export function passkeyRegistrationOptions(input: RegistrationOptionsInput): PublicKeyCredentialCreationOptionsJSON {
  return {
    challenge: input.nonce,
    rp: { id: input.rpId, name: 'FaceGate' },
    user: { id: input.userHandle, name: input.username, displayName: input.displayName ?? input.username },
    pubKeyCredParams: ALGORITHMS.map((alg) => ({ type: 'public-key' as const, alg })),
    timeout: PASSKEY_TIMEOUT_MS,
    attestation: 'none',
    authenticatorSelection: {
      authenticatorAttachment: 'platform',
      residentKey: 'required',
      requireResidentKey: true,
      userVerification: 'required',
    },
  };
}

/**
 * No `allowCredentials`: the credential is discoverable, so the page need not ask the server which credentials an
 * account has (which would tell anyone whether the account exists).
 */
export function passkeyAuthenticationOptions(nonce: string, rpId: string): PublicKeyCredentialRequestOptionsJSON {
  return { challenge: nonce, rpId, timeout: PASSKEY_TIMEOUT_MS, userVerification: 'required' };
}
