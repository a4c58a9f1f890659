/**
 * The possession factor with passkeys through the application, on SQLite, with a scripted face engine and a
 * software authenticator (tests/support/soft-authenticator.ts) making real WebAuthn responses: registration with
 * the enrollment, login with face + passkey (`amr` face, hwk, user, mfa), and everything that must not pass —
 * replayed or expired challenges, a counter gone backwards, another user's passkey, a synced passkey, no user
 * verification, a foreign origin — and the cut-over from the older device key.
 */
import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftAuthenticator } from '../../../tests/support/soft-authenticator.js';
import type { Composition } from '../../compose.js';
import { openScriptedStack, uploadPhoto, type ScriptedStack } from '../../../tests/support/scripted-stack.js';
import { scriptedCapture } from '../../face/scripted-face-engine.test-support.js';
import { createTenantWithKeys } from '../../local/demo-tenant.js';
import { createPublishableKey } from '../../local/publishable-keys.js';
import { FakeClock } from '../../ports/clock.js';
import type { ChallengeView, Principal, StartEnrollmentInput } from '../facegate-app.js';
import { possessionMessage } from '../possession/possession-message.js';

const SERVICE = 'http://localhost:9999';
const APP = 'https://app.example.com';
const TTL_SECONDS = 60;
const clock = new FakeClock('2026-03-01T09:00:00.000Z');
let scripted: ScriptedStack;
let stack: Composition;

beforeAll(async () => {
  scripted = await openScriptedStack({
    clock,
    env: { FACEGATE_PUBLIC_URL: SERVICE, FACEGATE_CHALLENGE_TTL_SECONDS: String(TTL_SECONDS) },
  });
  stack = scripted.stack;
});

afterAll(() => scripted?.close());

interface Tenant {
  client: Principal;
  operator: Principal;
  /** A publishable key bound to APP. */
  publishable: Principal;
}

async function newTenant(): Promise<Tenant> {
  const keys = await createTenantWithKeys(stack.repos, 'Passkeys');
  const operator = await stack.app.authenticate(`Bearer ${keys.operatorKey}`);
  await stack.app.updateSettings(operator, { requirePossession: true });
  const publishable = await createPublishableKey(stack.repos, { tenantId: operator.tenantId, origins: [APP] });
  return {
    client: await stack.app.authenticate(`Bearer ${keys.clientKey}`),
    operator,
    publishable: await stack.app.authenticate(`Bearer ${publishable.key}`, APP),
  };
}

/** A registration over a fresh challenge, as the enroll page sends it. */
async function passkeyFor(principal: Principal, authenticator: SoftAuthenticator, origin = SERVICE) {
  const challenge = await stack.app.createChallenge(principal);
  return { challengeId: challenge.challengeId, response: authenticator.register(challenge.nonce, origin) };
}

async function enroll(
  principal: Principal,
  username: string,
  input: Partial<StartEnrollmentInput>,
  origin = SERVICE,
): Promise<void> {
  const started = await stack.app.startEnrollment(principal, { username, ...input }, { origin });
  await uploadPhoto(stack, started.upload.url, scriptedCapture({ person: `p-${username}` }));
  expect((await stack.app.getEnrollment(principal, started.enrollmentId)).status).toBe('active');
}

function claims(token: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A login with a passkey assertion made by `authenticator` (or `assertion(challenge)`) from `origin`. */
async function login(
  principal: Principal,
  username: string,
  authenticator: SoftAuthenticator,
  options: { origin?: string; assertion?: (c: ChallengeView) => unknown; person?: string } = {},
) {
  const origin = options.origin ?? SERVICE;
  const challenge = await stack.app.createChallenge(principal);
  const passkey = options.assertion?.(challenge) ?? authenticator.authenticate(challenge.nonce, origin);
  const result = await stack.app.verify(principal, {
    username,
    image: scriptedCapture({ person: options.person ?? `p-${username}` }),
    challengeId: challenge.challengeId,
    passkey,
    client: { origin },
  });
  return { result, challenge, passkey };
}

describe('passkeys', () => {
  let t: Tenant;
  const ada = new SoftAuthenticator();

  beforeAll(async () => {
    t = await newTenant();
    await enroll(t.client, 'ada', { passkey: await passkeyFor(t.client, ada) });
  });

  it('store the credential at enrollment, and face + passkey grants with amr face, hwk, user, mfa', async () => {
    const user = await stack.repos.forTenant(t.client.tenantId).users.byUsername('ada');
    const [stored, ...more] = await stack.repos.forTenant(t.client.tenantId).passkeys.listByUser(user!.id);
    expect(more).toEqual([]);
    expect(stored).toMatchObject({ credentialId: ada.id, counter: 0, transports: ['internal'], lastUsedAt: null });

    const { result } = await login(t.client, 'ada', ada);
    expect(result).toMatchObject({ decision: 'granted' });
    expect(claims(result.token)).toMatchObject({ amr: ['face', 'hwk', 'user', 'mfa'], username: 'ada' });
    const used = await stack.repos.forTenant(t.client.tenantId).passkeys.byCredentialId(ada.id);
    expect(used).toMatchObject({ counter: ada.counter, lastUsedAt: clock.nowMs() });
  });

  it('still need the face: the passkey with a stranger in the picture is denied', async () => {
    expect((await login(t.client, 'ada', ada, { person: 'p-mallory' })).result).toMatchObject({ decision: 'denied' });
  });

  it('refuse a replayed response, an expired challenge and a counter that went backwards', async () => {
    const first = await login(t.client, 'ada', ada);
    expect(first.result.decision).toBe('granted');
    const replay = await stack.app.verify(t.client, {
      username: 'ada',
      image: scriptedCapture({ person: 'p-ada' }),
      challengeId: first.challenge.challengeId,
      passkey: first.passkey,
      client: { origin: SERVICE },
    });
    expect(replay).toMatchObject({ decision: 'denied', reason: 'possession_invalid' });

    const late = await stack.app.createChallenge(t.client);
    clock.advance((TTL_SECONDS + 1) * 1000);
    const expired = await stack.app.verify(t.client, {
      username: 'ada',
      image: scriptedCapture({ person: 'p-ada' }),
      challengeId: late.challengeId,
      passkey: ada.authenticate(late.nonce, SERVICE),
      client: { origin: SERVICE },
    });
    expect(expired).toMatchObject({ decision: 'denied', reason: 'possession_invalid' });

    // A clone of the authenticator, made before the last uses, sends a counter the server has seen already.
    ada.counter -= 2;
    expect((await login(t.client, 'ada', ada)).result).toMatchObject({ reason: 'possession_invalid' });
    ada.counter += 5;
    expect((await login(t.client, 'ada', ada)).result).toMatchObject({ decision: 'granted' });
  });

  it("refuse another user's passkey, another origin, and a response to another challenge", async () => {
    const bob = new SoftAuthenticator();
    await enroll(t.client, 'bob', { passkey: await passkeyFor(t.client, bob) });
    expect((await login(t.client, 'ada', bob)).result).toMatchObject({ reason: 'possession_invalid' });
    expect((await login(t.client, 'ada', ada, { origin: 'https://evil.example' })).result).toMatchObject({
      reason: 'possession_invalid',
    });
    const other = await stack.app.createChallenge(t.client);
    const wrongChallenge = await login(t.client, 'ada', ada, {
      assertion: () => ada.authenticate(other.nonce, SERVICE),
    });
    expect(wrongChallenge.result).toMatchObject({ reason: 'possession_invalid' });
    expect((await login(t.client, 'ada', ada, { assertion: () => ({ id: 'x' }) })).result).toMatchObject({
      reason: 'possession_invalid',
    });
  });

  it('need user verification at login', async () => {
    const lazy = new SoftAuthenticator();
    await enroll(t.client, 'cleo', { passkey: await passkeyFor(t.client, lazy) });
    const noUv = new SoftAuthenticator({ noUserVerification: true }, lazy);
    expect((await login(t.client, 'cleo', noUv)).result).toMatchObject({ reason: 'possession_invalid' });
    expect((await login(t.client, 'cleo', lazy)).result).toMatchObject({ decision: 'granted' });
  });

  it('are refused at enrollment when synced, unverified, from a foreign origin, or on a spent challenge', async () => {
    const refused = async (input: Partial<StartEnrollmentInput>, origin = SERVICE) =>
      stack.app.startEnrollment(t.client, { username: 'dora', ...input }, { origin }).then(
        () => 'accepted',
        (error: { code?: string }) => error.code,
      );
    expect(await refused({ passkey: await passkeyFor(t.client, new SoftAuthenticator({ synced: true })) })).toBe(
      'passkey_not_device_bound',
    );
    expect(
      await refused({ passkey: await passkeyFor(t.client, new SoftAuthenticator({ noUserVerification: true })) }),
    ).toBe('invalid_passkey');
    const elsewhere = await passkeyFor(t.client, new SoftAuthenticator(), 'https://evil.example');
    expect(await refused({ passkey: elsewhere }, 'https://evil.example')).toBe('passkey_origin_not_allowed');
    expect(await refused({ passkey: elsewhere })).toBe('invalid_passkey');
    const once = await passkeyFor(t.client, new SoftAuthenticator());
    expect(await refused({ passkey: { ...once, response: { ...once.response, type: 'nope' } } })).toBe(
      'invalid_request',
    );
    expect(await refused({ passkey: once })).toBe('accepted');
    expect(await refused({ passkey: once }, SERVICE)).toBe('invalid_passkey');
    expect(await stack.repos.forTenant(t.client.tenantId).users.byUsername('nobody')).toBeNull();
  });

  it("work from a publishable key's own origins, and only there", async () => {
    const eve = new SoftAuthenticator();
    await expect(
      stack.app.startEnrollment(
        t.publishable,
        { username: 'eve', passkey: await passkeyFor(t.publishable, eve, SERVICE) },
        { origin: SERVICE },
      ),
    ).rejects.toMatchObject({ code: 'passkey_origin_not_allowed' });
    await enroll(t.publishable, 'eve', { passkey: await passkeyFor(t.publishable, eve, APP) }, APP);
    const { result } = await login(t.publishable, 'eve', eve, { origin: APP });
    expect(claims(result.token)).toMatchObject({ amr: ['face', 'hwk', 'user', 'mfa'] });
  });
});

describe('the cut-over from device keys', () => {
  it('keeps an old device key working until the account registers a passkey, then only the passkey', async () => {
    const t = await newTenant();
    const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const jwk = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
    await enroll(t.client, 'old', { deviceKey: jwk });
    const signed = async () => {
      const challenge = await stack.app.createChallenge(t.client);
      const message = new TextEncoder().encode(possessionMessage({ ...challenge, username: 'old' }));
      const signature = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, message);
      return stack.app.verify(t.client, {
        username: 'old',
        image: scriptedCapture({ person: 'p-old' }),
        challengeId: challenge.challengeId,
        signature: Buffer.from(signature).toString('base64url'),
      });
    };
    const before = await signed();
    expect(claims(before.token)).toMatchObject({ amr: ['face', 'swk', 'mfa'] });

    // Re-enrolled by an operator (or with an owner token) with a passkey: from now on the device key proves nothing.
    const passkey = new SoftAuthenticator();
    await enroll(t.operator, 'old', { passkey: await passkeyFor(t.operator, passkey) });
    expect(await signed()).toMatchObject({ decision: 'denied', reason: 'possession_invalid' });
    expect(claims((await login(t.client, 'old', passkey)).result.token)).toMatchObject({
      amr: ['face', 'hwk', 'user', 'mfa'],
    });
  });
});
