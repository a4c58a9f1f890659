/**
 * Publishable keys (issue 18, "no secrets in people's hands"): a key a web page carries works only from the origins
 * it is bound to, checked on every request, and can never do what an operator key does. Run through the whole HTTP
 * handler over the real application and SQLite (the fake face engine: no model is needed to test the door).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../../shared/app/security-harness.test-support.js';
import { photo, securityHarness } from '../../shared/app/security-harness.test-support.js';
import { PUBLISHABLE_KEY_PREFIX, generateApiKey } from '../../shared/crypto/api-key-hash.js';
import { createApiHandler, type ApiHandler } from '../../shared/http/api-handler.js';
import {
  bearer,
  httpRequest,
  jsonRequest,
  multipartRequest,
} from '../../shared/http/http-test-requests.test-support.js';
import { InvalidInputError } from '../../shared/ports/repository-errors.js';

const APP_ORIGIN = 'https://app.example.com';

let h: Harness;
let api: ApiHandler;
let key: string;

beforeAll(async () => {
  h = await securityHarness();
  api = createApiHandler(h.app, { maxImageBytes: 1024 * 1024, log: () => undefined });
  const generated = generateApiKey(PUBLISHABLE_KEY_PREFIX);
  await h.repos.apiKeys.create({
    tenantId: h.client.tenantId,
    role: 'client',
    keyHash: generated.hash,
    displayPrefix: generated.displayPrefix,
    allowedOrigins: [APP_ORIGIN, 'http://localhost:5173'],
  });
  key = generated.key;
  await h.enrolled('ada', 1);
});

afterAll(() => h.close());

const errorCode = (response: { body?: unknown }) =>
  (JSON.parse(String(response.body)) as { error: { code: string } }).error.code;

describe('a publishable key', () => {
  it('works from an allowed origin', async () => {
    const response = await api(
      httpRequest('/v1/challenges', { method: 'POST', headers: { ...bearer(key), origin: APP_ORIGIN } }),
    );
    expect(response.status).toBe(201);
  });

  it('works for a same-origin GET, which carries the page in Referer instead of Origin', async () => {
    const started = await api(
      jsonRequest('/v1/enrollments', { username: 'bea' }, { ...bearer(key), origin: APP_ORIGIN }),
    );
    expect(started.status).toBe(201);
    const { enrollmentId } = JSON.parse(String(started.body)) as { enrollmentId: string };
    const poll = await api(
      httpRequest(`/v1/enrollments/${enrollmentId}`, { headers: { ...bearer(key), referer: `${APP_ORIGIN}/enroll/` } }),
    );
    expect(poll.status).toBe(200);
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a look-alike host', 'https://app.example.com.evil.example'],
    ['another scheme', 'http://app.example.com'],
    ['another port', 'https://app.example.com:8443'],
    ['an opaque origin', 'null'],
  ])('is refused from %s (%s)', async (_what, origin) => {
    const response = await api(httpRequest('/v1/challenges', { method: 'POST', headers: { ...bearer(key), origin } }));
    expect(response.status).toBe(403);
    expect(errorCode(response)).toBe('origin_not_allowed');
  });

  it('is refused with no origin at all (a script off the page)', async () => {
    const response = await api(httpRequest('/v1/challenges', { method: 'POST', headers: bearer(key) }));
    expect(response.status).toBe(403);
    expect(errorCode(response)).toBe('origin_not_allowed');
  });

  it('from a wrong origin is refused before the body is read', async () => {
    const head = httpRequest('/v1/verify', {
      method: 'POST',
      headers: { ...bearer(key), origin: 'https://evil.example', 'content-type': 'application/json' },
    });
    const refused = await api.refuseBeforeBody(head);
    expect(refused?.status).toBe(403);
    expect(await api.refuseBeforeBody({ ...head, headers: { ...head.headers, origin: APP_ORIGIN } })).toBeUndefined();
  });

  it('verifies like a client key: a denial tells nothing about the account', async () => {
    const request = await multipartRequest(
      '/v1/verify',
      [
        { name: 'username', value: 'ada' },
        { name: 'image', value: { bytes: photo({ person: 2 }), filename: 'x.jpg', type: 'image/jpeg' } },
      ],
      { ...bearer(key), origin: APP_ORIGIN },
    );
    const response = await api(request);
    expect(response.status).toBe(200);
    expect(JSON.parse(String(response.body))).toEqual({ decision: 'denied', reason: 'not_verified' });
  });

  it.each([
    ['GET', '/v1/users'],
    ['DELETE', '/v1/users/usr_x'],
    ['GET', '/v1/attempts'],
    ['GET', '/v1/alerts'],
    ['GET', '/v1/metrics'],
    ['GET', '/v1/settings'],
  ])('cannot do operator things, even from its origin: %s %s', async (method, path) => {
    const response = await api(httpRequest(path, { method, headers: { ...bearer(key), origin: APP_ORIGIN } }));
    expect(response.status).toBe(403);
    expect(errorCode(response)).toBe('forbidden');
  });

  it('cannot change the login settings', async () => {
    const response = await api(
      jsonRequest('/v1/settings', { requirePossession: false }, { ...bearer(key), origin: APP_ORIGIN }, 'PATCH'),
    );
    expect(response.status).toBe(403);
  });

  it('can only be a client key, bound to real origins', async () => {
    const generated = generateApiKey(PUBLISHABLE_KEY_PREFIX);
    const base = { tenantId: h.client.tenantId, keyHash: generated.hash, displayPrefix: generated.displayPrefix };
    await expect(h.repos.apiKeys.create({ ...base, role: 'operator', allowedOrigins: [APP_ORIGIN] })).rejects.toThrow(
      InvalidInputError,
    );
    for (const allowedOrigins of [[], ['https://app.example.com/path'], ['*'], ['app.example.com']]) {
      await expect(h.repos.apiKeys.create({ ...base, role: 'client', allowedOrigins })).rejects.toThrow(
        InvalidInputError,
      );
    }
  });
});

describe('a secret key', () => {
  it('keeps working without an origin (servers send none)', async () => {
    const secret = generateApiKey();
    await h.repos.apiKeys.create({
      tenantId: h.client.tenantId,
      role: 'operator',
      keyHash: secret.hash,
      displayPrefix: secret.displayPrefix,
    });
    const response = await api(httpRequest('/v1/users', { headers: bearer(secret.key) }));
    expect(response.status).toBe(200);
    const fromAnywhere = await api(
      httpRequest('/v1/users', { headers: { ...bearer(secret.key), origin: 'https://x.example' } }),
    );
    expect(fromAnywhere.status).toBe(200);
  });
});
