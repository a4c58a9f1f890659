/**
 * The possession factor at login, on a challenge already consumed: a passkey's signature over the challenge's
 * nonce (WebAuthn, user verified), or — for accounts enrolled before passkeys, until they register one — the old
 * device key's signature over the possession message. Answers the RFC 8176 `amr` values proved (`hwk` + `user`:
 * a hardware-held key unlocked by the person; `swk`: a software-held key) or the reason to deny.
 */
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import type { LoginChallenge } from '../../domain/login-challenge.js';
import type { User } from '../../domain/user.js';
import type { AuthDenialReason } from '../../events/auth-attempted.js';
import type { TenantRepositories } from '../../ports/repositories.js';
import { verifyPasskeyAuthentication, type PasskeyRelyingParty } from './passkey-ceremony.js';
import { possessionMessage } from './possession-message.js';
import { verifyPossessionSignature } from './verify-possession-signature.js';

const b64url = z.string().regex(/^[A-Za-z0-9_-]*$/);
const assertion = z.looseObject({
  id: b64url.min(1).max(1024),
  rawId: b64url.min(1).max(1024),
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: b64url.max(4096),
    authenticatorData: b64url.max(4096),
    signature: b64url.max(1024),
    userHandle: b64url.max(1024).optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).optional().default({}),
});

export interface PossessionProof {
  /** The WebAuthn authentication response, when the client used a passkey. */
  passkey?: unknown;
  /** The device key's signature, when the client used one. */
  signature?: string;
}

export type PossessionResult = { denied: AuthDenialReason } | { denied: null; amr: string[] };

export async function checkPossession(
  repos: TenantRepositories,
  tenantId: string,
  user: User,
  /** The consumed challenge, or null when it was unknown, used or expired. */
  challenge: LoginChallenge | null,
  proof: PossessionProof,
  /** Where the request came from, when passkeys may be used there. */
  rp: PasskeyRelyingParty | null,
  now: number,
): Promise<PossessionResult> {
  if (proof.passkey !== undefined) {
    if (!challenge || !rp) return { denied: 'possession_invalid' };
    const parsed = assertion.safeParse(proof.passkey);
    if (!parsed.success) return { denied: 'possession_invalid' };
    const stored = await repos.passkeys.byCredentialId(parsed.data.id);
    // Another user's passkey is as good as none (and says nothing about which).
    if (!stored || stored.userId !== user.id) return { denied: 'possession_invalid' };
    const response = parsed.data as unknown as AuthenticationResponseJSON;
    const counter = await verifyPasskeyAuthentication(response, stored, challenge.nonce, rp);
    if (counter === null) return { denied: 'possession_invalid' };
    // Compare-and-set: of two logins racing with one signature count, one wins.
    if (!(await repos.passkeys.recordUse(stored.id, stored.counter, counter, now))) {
      return { denied: 'possession_invalid' };
    }
    return { denied: null, amr: ['hwk', 'user', 'mfa'] };
  }

  if (!proof.signature) return { denied: 'possession_required' };
  if (!challenge) return { denied: 'possession_invalid' };
  const key = await repos.deviceKeys.byUser(user.id);
  // Not `possession_required`: that would tell a client this account exists (and has no key).
  if (!key) return { denied: 'possession_invalid' };
  // The cut-over: once an account has a passkey, its old device key proves nothing any more.
  if ((await repos.passkeys.listByUser(user.id)).length > 0) return { denied: 'possession_invalid' };
  const message = possessionMessage({
    tenantId,
    username: user.username,
    challengeId: challenge.id,
    nonce: challenge.nonce,
  });
  if (!(await verifyPossessionSignature(key.publicJwk, message, proof.signature))) {
    return { denied: 'possession_invalid' };
  }
  return { denied: null, amr: ['swk', 'mfa'] };
}
