/**
 * The security side of the HTTP API over a fake application: 429s with Retry-After for lockouts and rate limits,
 * the operator routes for unlocking, alerts and the webhook, and their refusals.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../app/app-error.js';
import { createApiHandler } from './api-handler.js';
import { CLIENT_KEY, FakeFaceGateApp, OPERATOR_KEY } from './fake-facegate-app.test-support.js';
import { bearer, bodyJson, httpRequest, jsonRequest } from './http-test-requests.test-support.js';

function api(app = new FakeFaceGateApp()) {
  return { app, handle: createApiHandler(app, { maxImageBytes: 1024, log: () => undefined }) };
}

const image = Buffer.from('fake image bytes').toString('base64');

describe('security routes', () => {
  it.each([
    ['verify', 'locked_out', '/v1/verify', { username: 'alice', image }, OPERATOR_KEY],
    ['verify', 'rate_limited', '/v1/verify', { username: 'alice', image }, CLIENT_KEY],
    ['identify', 'rate_limited', '/v1/identify', { image }, CLIENT_KEY],
    ['createChallenge', 'rate_limited', '/v1/challenges', {}, CLIENT_KEY],
  ] as const)('%s answers %s as 429 with Retry-After in seconds', async (method, code, path, body, key) => {
    const { app, handle } = api();
    app.failures.set(method, new AppError(429, code, `${code} for a while`, { retryAfterSeconds: 29.2 }));
    const response = await handle(jsonRequest(path, body, bearer(key)));
    expect(response.status).toBe(429);
    expect(response.headers['Retry-After']).toBe('30');
    expect(bodyJson(response)).toEqual({ error: { code, message: `${code} for a while` } });
  });

  it('answers a client key on a locked account like any denial: 200 not_verified, no Retry-After', async () => {
    const { app, handle } = api();
    app.failures.set('verify', new AppError(429, 'locked_out', 'locked', { retryAfterSeconds: 30 }));
    const response = await handle(jsonRequest('/v1/verify', { username: 'alice', image }, bearer(CLIENT_KEY)));
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
    const unlock = (key: string, id = 'usr_1') =>
      handle(httpRequest(`/v1/users/${id}/unlock`, { method: 'POST', headers: bearer(key) }));
    const ok = await unlock(OPERATOR_KEY);
    expect(ok.status).toBe(200);
    expect(bodyJson(ok)).toEqual({ userId: 'usr_1', wasLocked: true });
    expect(app.lastCall('unlockUser')?.[1]).toBe('usr_1');
    expect((await unlock(CLIENT_KEY)).status).toBe(403);
    expect((await unlock(OPERATOR_KEY, 'usr_x')).status).toBe(404);
    expect((await handle(httpRequest('/v1/users/usr_1/unlock', { headers: bearer(OPERATOR_KEY) }))).status).toBe(405);
  });

  it('acknowledges an alert for an operator; refuses a client key, an unknown alert and a GET', async () => {
    const { app, handle } = api();
    const ack = (key: string, id = 'alr_1', method = 'POST') =>
      handle(httpRequest(`/v1/alerts/${id}/acknowledge`, { method, headers: bearer(key) }));
    const ok = await ack(OPERATOR_KEY);
    expect(ok.status).toBe(200);
    expect(bodyJson(ok)).toMatchObject({ alertId: 'alr_1', acknowledgedAt: '2025-01-01T00:05:00.000Z' });
    expect(app.lastCall('acknowledgeAlert')?.[1]).toBe('alr_1');
    expect((await ack(CLIENT_KEY)).status).toBe(403);
    expect((await ack(OPERATOR_KEY, 'alr_x')).status).toBe(404);
    expect((await ack(OPERATOR_KEY, 'alr_1', 'GET')).status).toBe(405);
  });

  it('passes acknowledged=false on as a boolean, and refuses other values', async () => {
    const { app, handle } = api();
    const list = (query: string) => handle(httpRequest(`/v1/alerts?${query}`, { headers: bearer(OPERATOR_KEY) }));
    expect((await list('acknowledged=false')).status).toBe(200);
    expect(app.lastCall('listAlerts')?.[1]).toEqual({ acknowledged: false });
    expect((await list('acknowledged=yes')).status).toBe(400);
  });

  it("serves a user's photo as stored bytes, never cached, typed, for operators only", async () => {
    const { handle } = api();
    const get = (key: string, path = '/v1/users/usr_1/photos/cap_1') =>
      handle(httpRequest(path, { headers: bearer(key) }));
    const ok = await get(OPERATOR_KEY);
    expect(ok.status).toBe(200);
    expect(ok.headers).toMatchObject({
      'Content-Type': 'image/jpeg',
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    expect(Buffer.from(ok.body as Uint8Array)).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    expect((await get(CLIENT_KEY)).status).toBe(403);
    expect((await get(OPERATOR_KEY, '/v1/users/usr_1/photos/cap_2')).status).toBe(404);
  });

  it('lists alerts with the filters passed on, and the wire shape the console reads', async () => {
    const { app, handle } = api();
    const response = await handle(
      httpRequest('/v1/alerts?kind=spoof_suspected&severity=high&status=undelivered&limit=20&cursor=abc', {
        headers: bearer(OPERATOR_KEY),
      }),
    );
    expect(response.status).toBe(200);
    expect(app.lastCall('listAlerts')?.[1]).toEqual({
      kind: 'spoof_suspected',
      severity: 'high',
      status: 'undelivered',
      limit: 20,
      cursor: 'abc',
    });
    const body = bodyJson(response) as { alerts: Record<string, unknown>[]; nextCursor: string };
    expect(body.nextCursor).toBe('c2');
    expect(body.alerts[0]).toMatchObject({
      alertId: 'alr_1',
      kind: 'repeated_failures',
      severity: 'medium',
      userId: 'usr_1',
      attemptIds: ['att_1', 'att_2', 'att_3'],
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
    expect(bodyJson(set)).toEqual({
      url: 'https://hooks.example.com/fg',
      secret: 'generated-secret-generated-secret-0123',
    });
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
  });
});
