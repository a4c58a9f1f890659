/**
 * A passkey registered with an enrollment (`passkey` in `POST /v1/enrollments`): the registration response the
 * browser made for a login challenge (`POST /v1/challenges`), whose nonce was the WebAuthn challenge. The challenge
 * is spent here whatever the outcome, so one response never registers twice.
 */
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import type { NewPasskey } from '../../domain/passkey.js';
import { badRequest } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { ClientInfo, Principal } from '../facegate-app.js';
import { verifyPasskeyRegistration } from './passkey-ceremony.js';
import { requestRelyingParty } from './request-relying-party.js';

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

/** The shape only; the ceremony checks the content. */
export const registerPasskeyInput = z.object({
  challengeId: z.string().min(1).max(64),
  response: z.looseObject({
    id: b64url.max(1024),
    rawId: b64url.max(1024),
    type: z.literal('public-key'),
    response: z.looseObject({
      clientDataJSON: b64url.max(4096),
      attestationObject: b64url.max(16384),
      transports: z.array(z.string().max(32)).max(8).optional(),
    }),
    clientExtensionResults: z.record(z.string(), z.unknown()).optional().default({}),
  }),
});

export type RegisterPasskeyInput = z.infer<typeof registerPasskeyInput>;

/** @throws AppError 400 (`invalid_passkey`, `passkey_not_device_bound`, `passkey_origin_not_allowed`). */
export async function verifyEnrollmentPasskey(
  deps: AppDeps,
  principal: Principal,
  input: RegisterPasskeyInput,
  client: ClientInfo | undefined,
): Promise<NewPasskey> {
  const rp = requestRelyingParty(deps, principal, client);
  const now = deps.clock.nowMs();
  const challenge = await deps.repos.forTenant(principal.tenantId).loginChallenges.consume(input.challengeId, now);
  if (!challenge || now >= challenge.expiresAt) {
    throw badRequest('invalid_passkey', 'The passkey was made for an unknown, used or expired challenge');
  }
  return verifyPasskeyRegistration(input.response as unknown as RegistrationResponseJSON, challenge.nonce, rp);
}
