/**
 * The HTTP side of the possession factor and the active challenge over the real application (SQLite, the scripted
 * face engine): challenges, settings, and verify's extra fields. Tenant A keeps the default settings; tenant B's
 * are changed by the settings tests.
 */
import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IdentifyInput, VerifyInput } from '../app/facegate-app.js';
import { createTenantWithKeys } from '../local/demo-tenant.js';
import { scriptedCapture } from '../face/scripted-face-engine.test-support.js';
import {
  openScriptedStack,
  watchApp,
  type ScriptedStack,
  type WatchedApp,
} from '../../tests/support/scripted-stack.js';
import type { ApiHandler } from './api-handler.js';
import { createApiHandler } from './api-handler.js';
import { bearer, bodyJson, httpRequest, jsonRequest, multipartRequest } from './http-test-requests.test-support.js';

const IMAGE = scriptedCapture({ person: 'alice' });
const FRAME_1 = scriptedCapture({ person: 'alice', yaw: 2 });
const FRAME_2 = scriptedCapture({ person: 'alice', yaw: -2 });
const SIGNATURE = 'A'.repeat(86);
const file = (bytes: Buffer) => ({ bytes, filename: 'f.jpg', type: 'image/jpeg' });

let s: ScriptedStack;
let client: Record<string, string>;
let operator: Record<string, string>;
let app: WatchedApp;
let api: ApiHandler;

beforeAll(async () => {
  s = await openScriptedStack();
  client = bearer(s.a.clientKey);
  operator = bearer(s.b.operatorKey);
  await s.enroll(s.a, 'alice');
});

afterAll(async () => {
  await s?.close();
});

beforeEach(() => {
  app = watchApp(s.app);
  api = createApiHandler(app.app, { maxImageBytes: 4096, log: () => undefined });
});

/** A challenge of tenant A, as a kiosk fetches it before a login. */
async function challengeId(): Promise<string> {
  const response = await api(httpRequest('/v1/challenges', { method: 'POST', headers: client }));
  return (bodyJson(response) as { challengeId: string }).challengeId;
}

const errorCode = (body: unknown) => (body as { error: { code: string } }).error.code;

describe('POST /v1/challenges', () => {
  it('hands out a challenge that no cache keeps', async () => {
    const response = await api(httpRequest('/v1/challenges', { method: 'POST', headers: client }));
    expect(response.status).toBe(201);
    expect(response.headers['Cache-Control']).toBe('no-store');
    const body = bodyJson(response) as { expiresAt: string };
    expect(body).toEqual({
      challengeId: expect.any(String) as string,
      nonce: expect.any(String) as string,
      tenantId: s.a.tenantId,
      expiresAt: expect.any(String) as string,
    });
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('names the prompt when the tenant wants an active challenge, and needs a key', async () => {
    const keys = await createTenantWithKeys(s.stack.repos, 'Active');
    await s.app.updateSettings(await s.app.authenticate(`Bearer ${keys.operatorKey}`), { activeChallenge: true });
    const response = await api(httpRequest('/v1/challenges', { method: 'POST', headers: bearer(keys.clientKey) }));
    expect(bodyJson(response)).toMatchObject({ prompt: expect.stringMatching(/^turn_(left|right)$/) as string });
    expect((await api(httpRequest('/v1/challenges', { method: 'POST' }))).status).toBe(401);
  });
});

describe('/v1/settings', () => {
  it('reads and changes the settings with an operator key', async () => {
    expect(bodyJson(await api(httpRequest('/v1/settings', { headers: operator })))).toEqual({
      requirePossession: false,
      activeChallenge: false,
      requireBurst: false,
      lightChallenge: false,
    });
    const changed = await api(jsonRequest('/v1/settings', { requirePossession: true }, operator, 'PATCH'));
    expect(changed.status).toBe(200);
    expect(bodyJson(changed)).toEqual({
      requirePossession: true,
      activeChallenge: false,
      requireBurst: false,
      lightChallenge: false,
    });
    expect(app.lastCall('updateSettings')?.[1]).toEqual({ requirePossession: true });
  });

  it('refuses a client key, an unknown or mistyped setting, an empty change and a non-JSON body', async () => {
    const client = bearer(s.b.clientKey);
    expect((await api(httpRequest('/v1/settings', { headers: client }))).status).toBe(403);
    expect((await api(jsonRequest('/v1/settings', { requirePossession: true }, client, 'PATCH'))).status).toBe(403);
    for (const body of [{ requirePosession: true }, { requirePossession: 'yes' }, {}]) {
      const response = await api(jsonRequest('/v1/settings', body, operator, 'PATCH'));
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(errorCode(bodyJson(response))).toBe('invalid_request');
    }
    const text = await api(
      httpRequest('/v1/settings', { method: 'PATCH', headers: { ...operator, 'content-type': 'text/plain' } }),
    );
    expect(text.status).toBe(415);
    // Only the client key's call reached the application (which refused it); no malformed change did.
    expect(app.calls.filter((c) => c.method === 'updateSettings').map((c) => c.args[0])).toEqual([
      expect.objectContaining({ role: 'client' }),
    ]);
  });

  it('announces PATCH to browsers in the preflight', async () => {
    const response = await api(
      httpRequest('/v1/settings', { method: 'OPTIONS', headers: { origin: 'https://app.example.com' } }),
    );
    expect(response.headers['Access-Control-Allow-Methods']).toContain('PATCH');
  });
});

describe('POST /v1/enrollments with a device key', () => {
  it('passes the key on to the use case, which judges it', async () => {
    const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const deviceKey = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
    const response = await api(jsonRequest('/v1/enrollments', { username: 'keyholder', deviceKey }, client));
    expect(response.status).toBe(201);
    expect(app.lastCall('startEnrollment')?.[1]).toMatchObject({ deviceKey });
    // A key off the curve is the use case's to refuse.
    const offCurve = { kty: 'EC', crv: 'P-256', x: 'a'.repeat(43), y: 'b'.repeat(43), ext: true };
    const refused = await api(jsonRequest('/v1/enrollments', { username: 'offcurve', deviceKey: offCurve }, client));
    expect(refused.status).toBe(400);
    expect(app.lastCall('startEnrollment')?.[1]).toMatchObject({ deviceKey: offCurve });
  });

  it('refuses a deviceKey that is not an object of a few members', async () => {
    for (const deviceKey of ['jwk', [1, 2], Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]))]) {
      const response = await api(jsonRequest('/v1/enrollments', { username: 'alice', deviceKey }, client));
      expect(response.status).toBe(400);
    }
  });
});

describe('POST /v1/verify with login factors', () => {
  const verifyInput = () => app.lastCall('verify')?.[1] as VerifyInput;

  it('takes challengeId, signature and frames as JSON', async () => {
    const chl = await challengeId();
    const response = await api(
      jsonRequest(
        '/v1/verify',
        {
          username: 'alice',
          image: IMAGE.toString('base64'),
          challengeId: chl,
          signature: SIGNATURE,
          frames: [FRAME_1.toString('base64'), FRAME_2.toString('base64url')],
        },
        client,
      ),
    );
    expect(response.status).toBe(200);
    const input = verifyInput();
    expect(input).toMatchObject({ username: 'alice', challengeId: chl, signature: SIGNATURE });
    expect(Buffer.from(input.image)).toEqual(IMAGE);
    expect(input.frames?.map((f) => Buffer.from(f))).toEqual([FRAME_1, FRAME_2]);
  });

  it('takes them as multipart: fields and `frame` file parts', async () => {
    const chl = await challengeId();
    const request = await multipartRequest(
      '/v1/verify',
      [
        { name: 'username', value: 'alice' },
        { name: 'challengeId', value: chl },
        { name: 'signature', value: SIGNATURE },
        { name: 'image', value: file(IMAGE) },
        { name: 'frame', value: file(FRAME_1) },
        { name: 'frame', value: file(FRAME_2) },
      ],
      client,
    );
    expect((await api(request)).status).toBe(200);
    const input = verifyInput();
    expect(input).toMatchObject({ challengeId: chl, signature: SIGNATURE });
    expect(Buffer.from(input.image)).toEqual(IMAGE);
    expect(input.frames?.map((f) => Buffer.from(f))).toEqual([FRAME_1, FRAME_2]);
  });

  it('leaves the fields out when they are not sent', async () => {
    const response = await api(
      jsonRequest('/v1/verify', { username: 'alice', image: IMAGE.toString('base64') }, client),
    );
    expect(bodyJson(response)).toMatchObject({ decision: 'granted' });
    expect(Object.keys(verifyInput()).sort()).toEqual(['client', 'image', 'username']);
  });

  it('refuses too many frames, an empty or undecodable frame, a second image and a stray file part', async () => {
    const frames = [FRAME_1, FRAME_1, FRAME_1].map((f) => f.toString('base64'));
    const cases = [
      jsonRequest('/v1/verify', { username: 'a', image: IMAGE.toString('base64'), frames }, client),
      jsonRequest('/v1/verify', { username: 'a', image: IMAGE.toString('base64'), frames: [] }, client),
      jsonRequest('/v1/verify', { username: 'a', image: IMAGE.toString('base64'), frames: ['%%%'] }, client),
      jsonRequest('/v1/verify', { username: 'a', image: IMAGE.toString('base64'), signature: 's'.repeat(200) }, client),
      await multipartRequest(
        '/v1/verify',
        [
          { name: 'username', value: 'a' },
          { name: 'image', value: file(IMAGE) },
          { name: 'image', value: file(FRAME_1) },
        ],
        client,
      ),
      await multipartRequest(
        '/v1/verify',
        [
          { name: 'username', value: 'a' },
          { name: 'image', value: file(IMAGE) },
          { name: 'photo', value: file(FRAME_1) },
        ],
        client,
      ),
      await multipartRequest(
        '/v1/verify',
        [
          { name: 'username', value: 'a' },
          { name: 'image', value: file(IMAGE) },
          { name: 'frame', value: file(Buffer.alloc(0)) },
        ],
        client,
      ),
      await multipartRequest(
        '/v1/identify',
        [
          { name: 'image', value: file(IMAGE) },
          { name: 'burst', value: file(FRAME_1) },
        ],
        client,
      ),
      jsonRequest('/v1/identify', { image: IMAGE.toString('base64'), burst: [FRAME_1.toString('base64')] }, client),
    ];
    for (const [i, request] of cases.entries()) {
      const response = await api(request);
      expect(response.status, `case ${i}`).toBe(400);
      expect(errorCode(bodyJson(response)), `case ${i}`).toBe('invalid_request');
    }
    expect(app.calls.filter((c) => c.method === 'verify' || c.method === 'identify')).toHaveLength(0);
  });
});

describe('POST /v1/identify with the liveness fields', () => {
  const identifyInput = () => app.lastCall('identify')?.[1] as IdentifyInput;
  const BURST = [FRAME_1, FRAME_2, FRAME_1];

  it('takes challengeId, frames and burst as JSON, and never a possession proof', async () => {
    const chl = await challengeId();
    const response = await api(
      jsonRequest(
        '/v1/identify',
        {
          image: IMAGE.toString('base64'),
          challengeId: chl,
          signature: SIGNATURE,
          frames: [FRAME_2.toString('base64')],
          burst: BURST.map((f) => f.toString('base64')),
        },
        client,
      ),
    );
    expect(response.status).toBe(200);
    const input = identifyInput();
    expect(Object.keys(input).sort()).toEqual(['burst', 'challengeId', 'client', 'frames', 'image']);
    expect(input.challengeId).toBe(chl);
    expect(input.frames?.map((f) => Buffer.from(f))).toEqual([FRAME_2]);
    expect(input.burst?.map((f) => Buffer.from(f))).toEqual(BURST);
  });

  it('takes them as multipart: a challengeId field, `frame` and `burst` file parts', async () => {
    const chl = await challengeId();
    const request = await multipartRequest(
      '/v1/identify',
      [
        { name: 'challengeId', value: chl },
        { name: 'image', value: file(IMAGE) },
        { name: 'frame', value: file(FRAME_2) },
        ...BURST.map((f) => ({ name: 'burst', value: file(f) })),
      ],
      client,
    );
    expect((await api(request)).status).toBe(200);
    const input = identifyInput();
    expect(input.challengeId).toBe(chl);
    expect(Buffer.from(input.image)).toEqual(IMAGE);
    expect(input.frames?.map((f) => Buffer.from(f))).toEqual([FRAME_2]);
    expect(input.burst?.map((f) => Buffer.from(f))).toEqual(BURST);
  });

  it('tells a client key burst_required on a tenant that requires a burst, and nothing about who matched', async () => {
    const keys = await createTenantWithKeys(s.stack.repos, 'Kiosk burst');
    await s.enroll(keys, 'kim');
    await s.app.updateSettings(await s.app.authenticate(`Bearer ${keys.operatorKey}`), { requireBurst: true });
    const kiosk = bearer(keys.clientKey);
    const image = scriptedCapture({ person: 'kim' }).toString('base64');
    const response = await api(jsonRequest('/v1/identify', { image }, kiosk));
    expect(bodyJson(response)).toEqual({ decision: 'denied', reason: 'burst_required' });
  });
});
