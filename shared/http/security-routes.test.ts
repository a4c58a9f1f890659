/**
 * The security side of the HTTP API over the real application (SQLite, the scripted face engine): a real lockout
 * answered as 429 with Retry-After, rate limits' 429s (made by `watchApp`, as the limits need thousands of calls),
 * the operator routes for unlocking, alerts, photos and the webhook, and their refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../app/app-error.js';
import { scriptedCapture } from '../face/scripted-face-engine.test-support.js';
import { openScriptedStack, watchApp, type ScriptedStack } from '../../tests/support/scripted-stack.js';
import { createApiHandler } from './api-handler.js';
import { bearer, bodyJson, httpRequest, jsonRequest } from './http-test-requests.test-support.js';

let s: ScriptedStack;
let CLIENT_KEY: string;
let OPERATOR_KEY: string;
/**
 * Locked out by five failed logins in beforeAll from the address the test requests come from (lockouts are per
 * client; repeated_failures alert at 3, account_locked at 5).
 */
let lucy: { userId: string; enrollmentId: string };

function api() {
  const app = watchApp(s.app);
  return { app, handle: createApiHandler(app.app, { maxImageBytes: 1024, log: () => undefined }) };
}

const image = scriptedCapture({ person: 'someone else' }).toString('base64');

beforeAll(async () => {
  s = await openScriptedStack();
  CLIENT_KEY = s.a.clientKey;
  OPERATOR_KEY = s.a.operatorKey;
  lucy = await s.enroll(s.a, 'lucy');
  const operator = await s.app.authenticate(`Bearer ${OPERATOR_KEY}`);
  for (let i = 0; i < 5; i++)
    await s.app.verify(operator, {
      username: 'lucy',
      image: scriptedCapture({ person: 'mallory' }),
      client: { ip: '203.0.113.7' },
    });
  await s.stack.idle();
});

afterAll(async () => {
  await s?.close();
});

describe('security routes', () => {
  it('answers a locked account to an operator as 429 locked_out with Retry-After in seconds', async () => {
    const { handle } = api();
    const response = await handle(jsonRequest('/v1/verify', { username: 'lucy', image }, bearer(OPERATOR_KEY)));
    expect(response.status).toBe(429);
    expect(Number(response.headers['Retry-After'])).toBeGreaterThan(0);
    expect(Number(response.headers['Retry-After'])).toBeLessThanOrEqual(30);
    expect(bodyJson(response)).toEqual({ error: { code: 'locked_out', message: expect.any(String) as string } });
  });

  it.each([
    ['verify', '/v1/verify', { username: 'alice', image }],
    ['identify', '/v1/identify', { image }],
    ['createChallenge', '/v1/challenges', {}],
  ] as const)('%s answers rate_limited as 429 with Retry-After rounded up', async (method, path, body) => {
    const { app, handle } = api();
    app.fail(method, new AppError(429, 'rate_limited', 'rate_limited for a while', { retryAfterSeconds: 29.2 }));
    const response = await handle(jsonRequest(path, body, bearer(CLIENT_KEY)));
    expect(response.status).toBe(429);
    expect(response.headers['Retry-After']).toBe('30');
    expect(bodyJson(response)).toEqual({ error: { code: 'rate_limited', message: 'rate_limited for a while' } });
  });

  it('answers a client key on a locked account like any denial: 200 not_verified, no Retry-After', async () => {
    const { handle } = api();
    const own = scriptedCapture({ person: 'lucy' }).toString('base64');
    const response = await handle(jsonRequest('/v1/verify', { username: 'lucy', image: own }, bearer(CLIENT_KEY)));
    expect(response.status).toBe(200);
    expect(response.headers['Retry-After']).toBeUndefined();
    expect(bodyJson(response)).toEqual({ decision: 'denied', reason: 'not_verified' });
  });

  it('hands a challenge request the client address, for the per-IP rate limit', async () => {
    const { app, handle } = api();
    const response = await handle(
      httpRequest('/v1/challenges', { method: 'POST', headers: { ...bearer(CLIENT_KEY), 'user-agent': 'kiosk/2' } }),
    );
    expect(response.status).toBe(201);
    expect(app.lastCall('createChallenge')?.[1]).toEqual({ ip: '203.0.113.7', userAgent: 'kiosk/2' });
  });

  it('unlocks a user for an operator, refuses a client key and an unknown user', async () => {
    const { app, handle } = api();
    const locked = await s.enroll(s.a, 'lockme');
    const operator = await s.app.authenticate(`Bearer ${OPERATOR_KEY}`);
    for (let i = 0; i < 5; i++)
      await s.app.verify(operator, { username: 'lockme', image: scriptedCapture({ person: 'x' }), client: {} });
    const unlock = (key: string, id = locked.userId) =>
      handle(httpRequest(`/v1/users/${id}/unlock`, { method: 'POST', headers: bearer(key) }));
    expect((await unlock(CLIENT_KEY)).status).toBe(403);
    const ok = await unlock(OPERATOR_KEY);
    expect(ok.status).toBe(200);
    expect(bodyJson(ok)).toEqual({ userId: locked.userId, wasLocked: true });
    expect(app.lastCall('unlockUser')?.[1]).toBe(locked.userId);
    expect(bodyJson(await unlock(OPERATOR_KEY))).toEqual({ userId: locked.userId, wasLocked: false });
    expect((await unlock(OPERATOR_KEY, 'usr_x')).status).toBe(404);
    const get = await handle(httpRequest(`/v1/users/${locked.userId}/unlock`, { headers: bearer(OPERATOR_KEY) }));
    expect(get.status).toBe(405);
  });

  it('acknowledges an alert for an operator; refuses a client key, an unknown alert and a GET', async () => {
    const { app, handle } = api();
    const operator = await s.app.authenticate(`Bearer ${OPERATOR_KEY}`);
    const [alert] = (await s.app.listAlerts(operator, { kind: 'account_locked' })).alerts;
    const alertId = alert?.alertId ?? 'missing';
    const ack = (key: string, id = alertId, method = 'POST') =>
      handle(httpRequest(`/v1/alerts/${id}/acknowledge`, { method, headers: bearer(key) }));
    expect((await ack(CLIENT_KEY)).status).toBe(403);
    const ok = await ack(OPERATOR_KEY);
    expect(ok.status).toBe(200);
    expect(bodyJson(ok)).toMatchObject({ alertId, acknowledgedAt: expect.stringMatching(/^\d{4}-/) as string });
    expect(app.lastCall('acknowledgeAlert')?.[1]).toBe(alertId);
    expect((await ack(OPERATOR_KEY, 'alr_x')).status).toBe(404);
    expect((await ack(OPERATOR_KEY, alertId, 'GET')).status).toBe(405);
  });

  it('passes acknowledged=false on as a boolean, and refuses other values', async () => {
    const { app, handle } = api();
    const list = (query: string) => handle(httpRequest(`/v1/alerts?${query}`, { headers: bearer(OPERATOR_KEY) }));
    const unacknowledged = await list('acknowledged=false');
    expect(unacknowledged.status).toBe(200);
    expect(app.lastCall('listAlerts')?.[1]).toEqual({ acknowledged: false });
    const alerts = (bodyJson(unacknowledged) as { alerts: { acknowledgedAt?: string }[] }).alerts;
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.acknowledgedAt === undefined)).toBe(true);
    expect((await list('acknowledged=yes')).status).toBe(400);
  });

  it("serves a user's photo as stored bytes, never cached, typed, for operators only", async () => {
    const { handle } = api();
    const operator = await s.app.authenticate(`Bearer ${OPERATOR_KEY}`);
    const [photo] = (await s.app.getUser(operator, lucy.userId)).photos;
    const path = `/v1/users/${lucy.userId}/photos/${photo?.captureId ?? 'missing'}`;
    const get = (key: string, target = path) => handle(httpRequest(target, { headers: bearer(key) }));
    const ok = await get(OPERATOR_KEY);
    expect(ok.status).toBe(200);
    expect(ok.headers).toMatchObject({
      'Content-Type': 'image/jpeg',
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    expect(Buffer.from(ok.body as Uint8Array)).toEqual(scriptedCapture({ person: 'lucy' }));
    expect((await get(CLIENT_KEY)).status).toBe(403);
    expect((await get(OPERATOR_KEY, `/v1/users/${lucy.userId}/photos/cap_2`)).status).toBe(404);
  });

  it('lists alerts with the filters passed on, and the wire shape the console reads', async () => {
    const { app, handle } = api();
    const response = await handle(
      httpRequest('/v1/alerts?kind=repeated_failures&severity=medium&status=no_webhook&limit=20', {
        headers: bearer(OPERATOR_KEY),
      }),
    );
    expect(response.status).toBe(200);
    expect(app.lastCall('listAlerts')?.[1]).toEqual({
      kind: 'repeated_failures',
      severity: 'medium',
      status: 'no_webhook',
      limit: 20,
    });
    const body = bodyJson(response) as { alerts: Record<string, unknown>[] };
    const lucys = body.alerts.find((a) => a.userId === lucy.userId);
    expect(lucys).toMatchObject({
      alertId: expect.any(String) as string,
      kind: 'repeated_failures',
      severity: 'medium',
      userId: lucy.userId,
      status: 'no_webhook',
    });
    expect(lucys?.attemptIds).toHaveLength(3);

    // Paging: one alert a page, the cursor passed on.
    const first = bodyJson(await handle(httpRequest('/v1/alerts?limit=1', { headers: bearer(OPERATOR_KEY) }))) as {
      alerts: { alertId: string }[];
      nextCursor: string;
    };
    expect(first.nextCursor).toEqual(expect.any(String));
    const next = await handle(
      httpRequest(`/v1/alerts?limit=1&cursor=${first.nextCursor}`, { headers: bearer(OPERATOR_KEY) }),
    );
    expect(app.lastCall('listAlerts')?.[1]).toEqual({ limit: 1, cursor: first.nextCursor });
    expect((bodyJson(next) as { alerts: { alertId: string }[] }).alerts[0]?.alertId).not.toBe(first.alerts[0]?.alertId);

    // Delivery failures and the triage note reach the wire (no webhook nor triage model here, so added on).
    app.override('listAlerts', async (principal, input) => {
      const page = await s.app.listAlerts(principal, input);
      return {
        ...page,
        alerts: page.alerts.map((a) => ({
          ...a,
          status: 'undelivered' as const,
          deliveryAttempts: 3,
          lastError: 'HTTP 500',
          triage: { summary: 'Likely a colleague trying their luck', severity: 'low' as const, model: 'gemini-test' },
        })),
      };
    });
    const triaged = bodyJson(await handle(httpRequest('/v1/alerts?limit=1', { headers: bearer(OPERATOR_KEY) }))) as {
      alerts: Record<string, unknown>[];
    };
    expect(triaged.alerts[0]).toMatchObject({
      status: 'undelivered',
      deliveryAttempts: 3,
      lastError: 'HTTP 500',
      triage: { summary: 'Likely a colleague trying their luck', severity: 'low', model: 'gemini-test' },
    });

    for (const query of ['limit=0', 'severity=extreme', 'status=lost', 'since=yesterday', 'kind=Bad-Kind']) {
      const refused = await handle(httpRequest(`/v1/alerts?${query}`, { headers: bearer(OPERATOR_KEY) }));
      expect(refused.status, query).toBe(400);
    }
    expect((await handle(httpRequest('/v1/alerts', { headers: bearer(CLIENT_KEY) }))).status).toBe(403);
  });

  it('sets and removes the webhook for an operator only', async () => {
    const { app, handle } = api();
    const set = await handle(
      jsonRequest('/v1/webhook', { url: 'https://hooks.example.com/fg' }, bearer(OPERATOR_KEY), 'PUT'),
    );
    expect(set.status).toBe(200);
    const body = bodyJson(set) as { url: string; secret: string };
    expect(body).toEqual({ url: 'https://hooks.example.com/fg', secret: expect.any(String) as string });
    expect(body.secret.length).toBeGreaterThanOrEqual(32);
    expect(app.lastCall('setWebhook')?.[1]).toEqual({ url: 'https://hooks.example.com/fg' });
    const shortSecret = await handle(
      jsonRequest('/v1/webhook', { url: 'https://h.example.com', secret: 'short' }, bearer(OPERATOR_KEY), 'PUT'),
    );
    expect(shortSecret.status).toBe(400);
    const asClient = await handle(
      jsonRequest('/v1/webhook', { url: 'https://h.example.com' }, bearer(CLIENT_KEY), 'PUT'),
    );
    expect(asClient.status).toBe(403);
    expect((await handle(httpRequest('/v1/webhook', { method: 'DELETE', headers: bearer(OPERATOR_KEY) }))).status).toBe(
      204,
    );
    const operator = await s.app.authenticate(`Bearer ${OPERATOR_KEY}`);
    expect(await s.app.getWebhook(operator)).toMatchObject({ configured: false });
  });
});
