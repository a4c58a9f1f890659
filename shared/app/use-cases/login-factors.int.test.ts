/**
 * The possession factor and the active challenge through the application, on SQLite, with a scripted face engine
 * (captures name who is shown and the head's yaw) and a FakeClock: challenges, device-key signatures made with
 * WebCrypto as a browser makes them, replay, expiry, wrong keys, head turns, and tenants that ask for neither.
 */
import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Composition } from '../../compose.js';
import { openScriptedStack, uploadPhoto, type ScriptedStack } from '../../../tests/support/scripted-stack.js';
import { createTenantWithKeys } from '../../local/demo-tenant.js';
import { FakeClock } from '../../ports/clock.js';
import { scriptedCapture, type ScriptedFace } from '../../face/scripted-face-engine.test-support.js';
import type { ChallengeView, Principal, VerifyInput } from '../facegate-app.js';
import { createApiHandler } from '../../http/api-handler.js';
import {
  bearer,
  bodyJson,
  httpRequest,
  jsonRequest,
  multipartRequest,
} from '../../http/http-test-requests.test-support.js';
import { possessionMessage } from '../possession/possession-message.js';

const TTL_SECONDS = 60;
const clock = new FakeClock('2026-03-01T09:00:00.000Z');
let scripted: ScriptedStack;
let stack: Composition;

beforeAll(async () => {
  scripted = await openScriptedStack({ clock, env: { FACEGATE_CHALLENGE_TTL_SECONDS: String(TTL_SECONDS) } });
  stack = scripted.stack;
});

afterAll(() => scripted?.close());

interface Tenant {
  client: Principal;
  operator: Principal;
}

async function newTenant(settings: { requirePossession?: boolean; activeChallenge?: boolean } = {}): Promise<Tenant> {
  const keys = await createTenantWithKeys(stack.repos, 'Factors');
  const tenant = {
    client: await stack.app.authenticate(`Bearer ${keys.clientKey}`),
    operator: await stack.app.authenticate(`Bearer ${keys.operatorKey}`),
  };
  if (Object.keys(settings).length > 0) await stack.app.updateSettings(tenant.operator, settings);
  return tenant;
}

/** A device key as the browser makes it: non-extractable private half, public half exported as a JWK. */
async function deviceKey() {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  return { privateKey: pair.privateKey, jwk: await webcrypto.subtle.exportKey('jwk', pair.publicKey) };
}

async function sign(privateKey: webcrypto.CryptoKey, challenge: ChallengeView, username: string): Promise<string> {
  const message = possessionMessage({ ...challenge, username });
  const signature = await webcrypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    privateKey,
    new TextEncoder().encode(message),
  );
  return Buffer.from(signature).toString('base64url');
}

async function enroll(principal: Principal, username: string, person: string, jwk?: object): Promise<void> {
  const started = await stack.app.startEnrollment(principal, { username, ...(jwk ? { deviceKey: jwk } : {}) });
  await uploadPhoto(stack, started.upload.url, scriptedCapture({ person }));
  expect((await stack.app.getEnrollment(principal, started.enrollmentId)).status).toBe('active');
}

/** The payload of an access token (its signature is the token issuer's tests' business). */
function claims(token: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

function verify(principal: Principal, username: string, face: ScriptedFace, extra: Partial<VerifyInput> = {}) {
  return stack.app.verify(principal, { username, image: scriptedCapture(face), ...extra });
}

describe('a tenant that asks for neither factor', () => {
  it('grants on the face alone, ignores a challenge, and hands out challenges without a prompt', async () => {
    const t = await newTenant();
    await enroll(t.client, 'plain', 'p-plain');
    const faceOnly = await verify(t.client, 'plain', { person: 'p-plain' });
    expect(faceOnly).toMatchObject({ decision: 'granted' });
    expect(claims(faceOnly.token)).toMatchObject({ amr: ['face'] });
    const challenge = await stack.app.createChallenge(t.client);
    expect(challenge.prompt).toBeUndefined();
    expect(
      await verify(t.client, 'plain', { person: 'p-plain' }, { challengeId: challenge.challengeId, signature: 'x' }),
    ).toMatchObject({ decision: 'granted' });
  });
});

describe('settings', () => {
  it('are read and changed by operators only, and every change is audited', async () => {
    const t = await newTenant();
    expect(await stack.app.getSettings(t.operator)).toEqual({
      requirePossession: false,
      activeChallenge: false,
      requireBurst: false,
      lightChallenge: false,
    });
    await expect(stack.app.getSettings(t.client)).rejects.toMatchObject({ status: 403 });
    await expect(stack.app.updateSettings(t.client, { requirePossession: true })).rejects.toMatchObject({
      status: 403,
    });
    await expect(stack.app.updateSettings(t.operator, {})).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await stack.app.updateSettings(t.operator, { activeChallenge: true })).toEqual({
      requirePossession: false,
      activeChallenge: true,
      requireBurst: false,
      lightChallenge: false,
    });
    const audit = await stack.repos.forTenant(t.operator.tenantId).auditEvents.list();
    expect(audit.items.find((e) => e.action === 'tenant.settings_changed')).toMatchObject({
      actor: t.operator.apiKeyId,
      details: { activeChallenge: true },
    });
  });
});

describe('possession factor', () => {
  let t: Tenant;
  let alice: Awaited<ReturnType<typeof deviceKey>>;

  beforeAll(async () => {
    t = await newTenant({ requirePossession: true });
    alice = await deviceKey();
    await enroll(t.client, 'alice', 'p-alice', alice.jwk);
  });

  beforeEach(() => clock.advance(1000));

  const signedVerify = async (username: string, privateKey: webcrypto.CryptoKey, signAs = username) => {
    const challenge = await stack.app.createChallenge(t.client);
    const signature = await sign(privateKey, challenge, signAs);
    return { challenge, signature };
  };

  it('enrollment needs a device key, and only a public P-256 point will do', async () => {
    await expect(stack.app.startEnrollment(t.client, { username: 'nokey' })).rejects.toMatchObject({
      status: 400,
      code: 'device_key_required',
    });
    const good = (await deviceKey()).jwk;
    const bad: object[] = [
      { ...good, d: 'A'.repeat(43) },
      { ...good, crv: 'P-384' },
      { ...good, kty: 'OKP' },
      { ...good, x: 'A'.repeat(43) },
      { ...good, x: 'short' },
      { ...good, key_ops: ['sign'] },
      { ...good, extra: 1 },
    ];
    for (const deviceKey of bad) {
      await expect(
        stack.app.startEnrollment(t.client, { username: 'badkey', deviceKey }),
        JSON.stringify(deviceKey),
      ).rejects.toMatchObject({ status: 400, code: 'invalid_device_key' });
    }
    expect(await stack.repos.forTenant(t.client.tenantId).users.byUsername('badkey')).toBeNull();
  });

  it('grants with a fresh challenge signed by the enrolled key', async () => {
    const { challenge, signature } = await signedVerify('alice', alice.privateKey);
    expect(challenge.expiresAt).toBe(new Date(clock.nowMs() + TTL_SECONDS * 1000).toISOString());
    const result = await verify(
      t.client,
      'alice',
      { person: 'p-alice' },
      { challengeId: challenge.challengeId, signature },
    );
    expect(result).toMatchObject({ decision: 'granted' });
    expect(claims(result.token)).toMatchObject({ amr: ['face', 'swk', 'mfa'], username: 'alice' });
  });

  it('says possession_required without a challenge or a signature, and keeps the challenge for a retry', async () => {
    expect(await verify(t.client, 'alice', { person: 'p-alice' })).toMatchObject({
      decision: 'denied',
      reason: 'possession_required',
    });
    const { challenge, signature } = await signedVerify('alice', alice.privateKey);
    expect(
      await verify(t.client, 'alice', { person: 'p-alice' }, { challengeId: challenge.challengeId }),
    ).toMatchObject({ reason: 'possession_required' });
    expect(
      await verify(t.client, 'alice', { person: 'p-alice' }, { challengeId: challenge.challengeId, signature }),
    ).toMatchObject({ decision: 'granted' });
  });

  it('refuses a replayed challenge and signature', async () => {
    const { challenge, signature } = await signedVerify('alice', alice.privateKey);
    const input = { challengeId: challenge.challengeId, signature };
    expect(await verify(t.client, 'alice', { person: 'p-alice' }, input)).toMatchObject({ decision: 'granted' });
    const replay = await verify(t.client, 'alice', { person: 'p-alice' }, input);
    expect(replay).toMatchObject({ decision: 'denied', reason: 'possession_invalid' });
    expect(replay.token).toBeUndefined();
  });

  it('refuses an expired challenge (FakeClock), even unused', async () => {
    const { challenge, signature } = await signedVerify('alice', alice.privateKey);
    clock.advance(TTL_SECONDS * 1000);
    expect(
      await verify(t.client, 'alice', { person: 'p-alice' }, { challengeId: challenge.challengeId, signature }),
    ).toMatchObject({ decision: 'denied', reason: 'possession_invalid' });
  });

  it('refuses a signature by another key, for another username, or garbled', async () => {
    const mallory = await deviceKey();
    const other = await signedVerify('alice', mallory.privateKey);
    expect(
      await verify(
        t.client,
        'alice',
        { person: 'p-alice' },
        { challengeId: other.challenge.challengeId, signature: other.signature },
      ),
    ).toMatchObject({ reason: 'possession_invalid' });

    const forBob = await signedVerify('alice', alice.privateKey, 'bob');
    expect(
      await verify(
        t.client,
        'alice',
        { person: 'p-alice' },
        { challengeId: forBob.challenge.challengeId, signature: forBob.signature },
      ),
    ).toMatchObject({ reason: 'possession_invalid' });

    const good = await signedVerify('alice', alice.privateKey);
    const flipped = Buffer.from(good.signature, 'base64url');
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    for (const signature of [flipped.toString('base64url'), 'not-a-signature', good.signature.slice(1)]) {
      const { challenge } = await signedVerify('alice', alice.privateKey);
      expect(
        await verify(t.client, 'alice', { person: 'p-alice' }, { challengeId: challenge.challengeId, signature }),
      ).toMatchObject({ reason: 'possession_invalid' });
    }
  });

  it("refuses another tenant's challenge, an unknown one, and still judges the face", async () => {
    const elsewhere = await newTenant();
    const foreign = await stack.app.createChallenge(elsewhere.client);
    const signature = await sign(alice.privateKey, { ...foreign, tenantId: t.client.tenantId }, 'alice');
    expect(
      await verify(t.client, 'alice', { person: 'p-alice' }, { challengeId: foreign.challengeId, signature }),
    ).toMatchObject({ reason: 'possession_invalid' });
    expect(
      await verify(t.client, 'alice', { person: 'p-alice' }, { challengeId: 'chl_unknown', signature }),
    ).toMatchObject({ reason: 'possession_invalid' });

    const good = await signedVerify('alice', alice.privateKey);
    expect(
      await verify(
        t.client,
        'alice',
        { person: 'p-mallory' },
        { challengeId: good.challenge.challengeId, signature: good.signature },
      ),
    ).toMatchObject({ decision: 'denied', reason: 'no_match' });
  });

  // Not possession_required: that would tell a client key the account exists and has no key (issue 12, finding 5).
  it('says possession_invalid for a user enrolled before the tenant turned it on', async () => {
    const late = await newTenant();
    await enroll(late.client, 'early', 'p-early');
    await stack.app.updateSettings(late.operator, { requirePossession: true });
    const key = await deviceKey();
    const challenge = await stack.app.createChallenge(late.client);
    const signature = await sign(key.privateKey, challenge, 'early');
    expect(
      await verify(late.client, 'early', { person: 'p-early' }, { challengeId: challenge.challengeId, signature }),
    ).toMatchObject({ decision: 'denied', reason: 'possession_invalid' });
  });

  it('records the denials with their reasons', async () => {
    const page = await stack.app.listAttempts(t.operator, { outcome: 'denied', limit: 100 });
    const reasons = new Set(page.attempts.map((a) => a.reason));
    expect(reasons).toEqual(new Set(['possession_required', 'possession_invalid', 'no_match']));
  });
});

describe('active challenge (scripted yaw)', () => {
  let t: Tenant;

  beforeAll(async () => {
    t = await newTenant({ activeChallenge: true });
    await enroll(t.client, 'carol', 'p-carol');
  });

  /** Frames turned `degrees` the way the prompt asks (negative: the other way). */
  const turned = (challenge: ChallengeView, degrees: number, person = 'p-carol') => {
    const sign = challenge.prompt === 'turn_left' ? 1 : -1;
    return scriptedCapture({ person, yaw: sign * degrees });
  };

  it('prompts both ways at random', async () => {
    const prompts = new Set<string | undefined>();
    for (let i = 0; i < 40; i++) prompts.add((await stack.app.createChallenge(t.client)).prompt);
    expect(prompts).toEqual(new Set(['turn_left', 'turn_right']));
  });

  it('grants when a frame turns the prompted way, by the same person', async () => {
    const challenge = await stack.app.createChallenge(t.client);
    const frames = [turned(challenge, 8), turned(challenge, 25)];
    expect(
      await verify(t.client, 'carol', { person: 'p-carol', yaw: 0 }, { challengeId: challenge.challengeId, frames }),
    ).toMatchObject({ decision: 'granted' });
  });

  it('denies the wrong way, too small a turn, a stranger turning, a frame without a face, and a replay', async () => {
    const cases: [string, (c: ChallengeView) => Buffer][] = [
      ['wrong way', (c) => turned(c, -30)],
      ['too small', (c) => turned(c, 10)],
      ['stranger', (c) => turned(c, 30, 'p-stranger')],
      ['no face', () => scriptedCapture({ person: null })],
    ];
    for (const [name, frame] of cases) {
      const challenge = await stack.app.createChallenge(t.client);
      const result = await verify(
        t.client,
        'carol',
        { person: 'p-carol', yaw: 0 },
        { challengeId: challenge.challengeId, frames: [frame(challenge)] },
      );
      expect(result, name).toMatchObject({ decision: 'denied', reason: 'challenge_failed' });
    }
    const challenge = await stack.app.createChallenge(t.client);
    const input = { challengeId: challenge.challengeId, frames: [turned(challenge, 30)] };
    expect(await verify(t.client, 'carol', { person: 'p-carol' }, input)).toMatchObject({ decision: 'granted' });
    expect(await verify(t.client, 'carol', { person: 'p-carol' }, input)).toMatchObject({ reason: 'challenge_failed' });
  });

  it('says challenge_required without a challenge or frames, and refuses an undecodable frame as the API does', async () => {
    expect(await verify(t.client, 'carol', { person: 'p-carol' })).toMatchObject({ reason: 'challenge_required' });
    const challenge = await stack.app.createChallenge(t.client);
    expect(
      await verify(t.client, 'carol', { person: 'p-carol' }, { challengeId: challenge.challengeId }),
    ).toMatchObject({ reason: 'challenge_required' });
    await expect(
      verify(
        t.client,
        'carol',
        { person: 'p-carol' },
        {
          challengeId: challenge.challengeId,
          frames: [Buffer.from('garbage')],
        },
      ),
    ).rejects.toMatchObject({ status: 422, code: 'not_an_image' });
  });

  it('needs both the signature and the turn when the tenant asks for both', async () => {
    const both = await newTenant({ requirePossession: true, activeChallenge: true });
    const key = await deviceKey();
    await enroll(both.client, 'dave', 'p-dave', key.jwk);
    const challenge = await stack.app.createChallenge(both.client);
    const signature = await sign(key.privateKey, challenge, 'dave');
    const frames = [turned(challenge, 30, 'p-dave')];
    expect(
      await verify(both.client, 'dave', { person: 'p-dave' }, { challengeId: challenge.challengeId, signature }),
    ).toMatchObject({ reason: 'challenge_required' });
    expect(
      await verify(both.client, 'dave', { person: 'p-dave' }, { challengeId: challenge.challengeId, frames }),
    ).toMatchObject({ reason: 'possession_required' });
    expect(
      await verify(
        both.client,
        'dave',
        { person: 'p-dave' },
        { challengeId: challenge.challengeId, signature, frames },
      ),
    ).toMatchObject({ decision: 'granted' });
  });
});

describe('over HTTP, with both factors', () => {
  it('grants a multipart verify with challengeId, signature and frame parts, and refuses its replay', async () => {
    const keys = await createTenantWithKeys(stack.repos, 'Wire');
    const client = await stack.app.authenticate(`Bearer ${keys.clientKey}`);
    const api = createApiHandler(stack.app, { maxImageBytes: 1 << 20, log: () => undefined });
    const patched = await api(
      jsonRequest(
        '/v1/settings',
        { requirePossession: true, activeChallenge: true },
        bearer(keys.operatorKey),
        'PATCH',
      ),
    );
    expect(bodyJson(patched)).toEqual({
      requirePossession: true,
      activeChallenge: true,
      requireBurst: false,
      lightChallenge: false,
    });
    const key = await deviceKey();
    await enroll(client, 'erin', 'p-erin', key.jwk);

    const created = await api(httpRequest('/v1/challenges', { method: 'POST', headers: bearer(keys.clientKey) }));
    expect(created.status).toBe(201);
    const challenge = bodyJson(created) as ChallengeView;
    expect(challenge.tenantId).toBe(client.tenantId);
    const yaw = challenge.prompt === 'turn_left' ? 30 : -30;
    const file = (face: ScriptedFace) => ({ bytes: scriptedCapture(face), filename: 'f.jpg', type: 'image/jpeg' });
    const request = () =>
      sign(key.privateKey, challenge, 'erin').then((signature) =>
        multipartRequest(
          '/v1/verify',
          [
            { name: 'username', value: 'Erin' },
            { name: 'challengeId', value: challenge.challengeId },
            { name: 'signature', value: signature },
            { name: 'image', value: file({ person: 'p-erin', yaw: 0 }) },
            { name: 'frame', value: file({ person: 'p-erin', yaw }) },
          ],
          bearer(keys.clientKey),
        ),
      );
    const granted = bodyJson(await api(await request())) as { decision: string; token?: string };
    expect(granted.decision).toBe('granted');
    expect(claims(granted.token)).toMatchObject({ amr: ['face', 'swk', 'mfa'] });
    // A client key sees the account-blind reason; the attempt keeps possession_invalid (http/client-decision.ts).
    expect(bodyJson(await api(await request()))).toEqual({ decision: 'denied', reason: 'not_verified' });
    const operator = await stack.app.authenticate(`Bearer ${keys.operatorKey}`);
    const denials = (await stack.app.listAttempts(operator, { outcome: 'denied', limit: 10 })).attempts;
    expect(denials.map((a) => a.reason)).toEqual(['possession_invalid']);
  });
});
