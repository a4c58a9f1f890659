/**
 * The HTTP handler over the real application (SQLite, the scripted face engine): parsing, validation, the error
 * envelope, authentication, CORS and the access log. `watchApp` shows what reached the app, and stands in for the
 * failures the real app cannot be made to produce (an unexpected exception, a lockout's retry time).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../app/app-error.js';
import { scriptedCapture } from '../face/scripted-face-engine.test-support.js';
import {
  openScriptedStack,
  uploadEnrollment,
  watchApp,
  type ScriptedStack,
  type WatchedApp,
} from '../../tests/support/scripted-stack.js';
import type { ApiHandler } from './api-handler.js';
import { createApiHandler, maxBodyBytesFor } from './api-handler.js';
import type { HttpResponse } from './http-message.js';
import { bearer, bodyJson, httpRequest, jsonRequest, multipartRequest } from './http-test-requests.test-support.js';
import type { LogEntry } from './structured-log.js';

const MAX_IMAGE = 4096;
/** A scripted capture of alice: the HTTP layer passes bytes through untouched; decoding is the use case's job. */
const IMAGE = scriptedCapture({ person: 'alice' });

let s: ScriptedStack;
let client: Record<string, string>;
let operator: Record<string, string>;
let alice: { userId: string; enrollmentId: string };
/** A user whose failed logins these tests cause, so alice never gets locked out. */
let frank: { userId: string; enrollmentId: string };
let rejectedEnrollment: string;
let app: WatchedApp;
let logs: LogEntry[];
let api: ApiHandler;

beforeAll(async () => {
  s = await openScriptedStack();
  client = bearer(s.a.clientKey);
  operator = bearer(s.a.operatorKey);
  alice = await s.enroll(s.a, 'alice');
  frank = await s.enroll(s.a, 'frank');
  // An enrollment whose upload shows no face: rejected with a reason.
  const dora = await uploadEnrollment(s.stack, s.a, 'dora', scriptedCapture({ person: null }));
  rejectedEnrollment = dora.enrollmentId;
});

afterAll(async () => {
  await s?.close();
});

beforeEach(() => {
  app = watchApp(s.app);
  logs = [];
  api = createApiHandler(app.app, {
    maxImageBytes: MAX_IMAGE,
    publicBaseUrl: 'https://api.example.com',
    log: (e) => logs.push(e),
  });
});

/** An AppError for tests of the error mapping. */
function appError(status: AppError['status'], code: string, retryAfterSeconds?: number): AppError {
  return new AppError(status, code, `${code} happened`, { retryAfterSeconds });
}

/** Asserts the error envelope, and that nothing resembling a stack trace or source path leaked into it. */
function expectError(response: HttpResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers['Content-Type']).toMatch(/^application\/json/);
  const body = bodyJson(response) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(Object.keys(body.error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
  const text = String(response.body);
  expect(text).not.toMatch(/\bat \S+ \(|\.ts:\d+|\.js:\d+|node_modules|Error:/);
  return body.error;
}

describe('POST /v1/enrollments', () => {
  it('starts an enrollment and returns 201 with the signed upload and a Location', async () => {
    const response = await api(
      jsonRequest('/v1/enrollments', { username: 'Amy', displayName: 'Amy A.', email: 'a@example.com' }, client),
    );
    expect(response.status).toBe(201);
    const body = bodyJson(response) as { enrollmentId: string; userId: string };
    expect(response.headers.Location).toBe(`/v1/enrollments/${body.enrollmentId}`);
    expect(body).toEqual({
      enrollmentId: expect.any(String) as string,
      userId: expect.any(String) as string,
      status: 'pending',
      upload: {
        url: expect.stringMatching(/^http:\/\/localhost:9999\/.+\?.+/) as string,
        method: 'PUT',
        headers: { 'Content-Type': 'image/jpeg' },
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
      },
    });
    expect(app.lastCall('startEnrollment')).toEqual([
      expect.objectContaining({ tenantId: s.a.tenantId, role: 'client' }),
      { username: 'Amy', displayName: 'Amy A.', email: 'a@example.com' },
      expect.objectContaining({ ip: '203.0.113.7' }),
    ]);
  });

  it('passes a password on to the use case, which refuses it', async () => {
    const response = await api(jsonRequest('/v1/enrollments', { username: 'pat', password: 'pw-1234' }, client));
    expectError(response, 400, 'password_not_supported');
    expect(app.lastCall('startEnrollment')?.[1]).toEqual({ username: 'pat', password: 'pw-1234' });
  });

  it('treats null optional fields as absent and passes an image content type through', async () => {
    const response = await api(
      jsonRequest(
        '/v1/enrollments',
        { username: 'bob', displayName: null, email: null, contentType: 'image/png' },
        client,
      ),
    );
    expect(response.status).toBe(201);
    expect(app.lastCall('startEnrollment')?.[1]).toEqual({ username: 'bob', contentType: 'image/png' });
  });

  it('accepts a charset parameter on the JSON content type', async () => {
    const request = jsonRequest(
      '/v1/enrollments',
      { username: 'carol' },
      { ...client, 'content-type': 'application/json; charset=UTF-8' },
    );
    expect((await api(request)).status).toBe(201);
  });

  it('lists every invalid field in the 400 details', async () => {
    const response = await api(jsonRequest('/v1/enrollments', { displayName: 7, email: 'not-an-email' }, client));
    const error = expectError(response, 400, 'invalid_request');
    expect(error.details).toEqual([
      { path: 'username', message: 'is required' },
      { path: 'displayName', message: expect.stringContaining('expected string') as string },
      { path: 'email', message: 'Invalid email address' },
    ]);
    expect(app.lastCall('startEnrollment')).toBeUndefined();
  });

  it('refuses a blank or over-long username', async () => {
    expectError(await api(jsonRequest('/v1/enrollments', { username: '   ' }, client)), 400, 'invalid_request');
    expectError(
      await api(jsonRequest('/v1/enrollments', { username: 'x'.repeat(129) }, client)),
      400,
      'invalid_request',
    );
  });

  it.each([
    ['malformed JSON', '{"username": '],
    ['a JSON array', '[{"username":"a"}]'],
    ['a JSON string', '"alice"'],
    ['an empty body', ''],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1')],
  ])('answers %s with 400 invalid_json', async (_name, body) => {
    const request = jsonRequest('/v1/enrollments', '', client);
    request.body = Buffer.from(body, 'latin1');
    expectError(await api(request), 400, 'invalid_json');
  });

  it('answers a non-JSON content type with 415', async () => {
    const form = httpRequest('/v1/enrollments', {
      method: 'POST',
      headers: { ...client, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=alice',
    });
    expectError(await api(form), 415, 'unsupported_media_type');
    const untyped = httpRequest('/v1/enrollments', { method: 'POST', headers: client, body: '{"username":"a"}' });
    expectError(await api(untyped), 415, 'unsupported_media_type');
  });

  it('passes a refusal from the use case through with its status and message', async () => {
    // alice is enrolled and active: a client key may not re-enroll her without proof of ownership.
    const response = await api(jsonRequest('/v1/enrollments', { username: 'alice' }, client));
    const error = expectError(response, 409, 'username_taken');
    expect(error.message).toMatch(/^Username "alice" is already enrolled/);
  });
});

describe('GET /v1/enrollments/{enrollmentId}', () => {
  it('returns the enrollment with its reason', async () => {
    const response = await api(httpRequest(`/v1/enrollments/${rejectedEnrollment}`, { headers: client }));
    expect(response.status).toBe(200);
    expect(bodyJson(response)).toEqual({
      enrollmentId: rejectedEnrollment,
      userId: expect.any(String) as string,
      status: 'rejected',
      reason: 'no_face',
    });
  });

  it('decodes the path parameter before the use case sees it', async () => {
    const encoded = alice.enrollmentId.replace(/_/g, '%5F');
    expect(encoded).not.toBe(alice.enrollmentId);
    const response = await api(httpRequest(`/v1/enrollments/${encoded}`, { headers: client }));
    expect(app.lastCall('getEnrollment')?.[1]).toBe(alice.enrollmentId);
    expect(bodyJson(response)).toMatchObject({ enrollmentId: alice.enrollmentId, status: 'active' });
  });

  it('is 404 for an enrollment the use case does not find, and for broken percent-encoding', async () => {
    expectError(await api(httpRequest('/v1/enrollments/enr_other', { headers: client })), 404, 'not_found');
    expectError(await api(httpRequest('/v1/enrollments/%E0%A4%A', { headers: client })), 404, 'not_found');
  });
});

describe('POST /v1/verify', () => {
  it('takes JSON with a base64 image and returns the decision with a token', async () => {
    const request = jsonRequest(
      '/v1/verify',
      { username: 'alice', image: IMAGE.toString('base64') },
      { ...client, 'user-agent': 'kiosk/1' },
    );
    const response = await api(request);
    expect(response.status).toBe(200);
    expect(bodyJson(response)).toEqual({
      decision: 'granted',
      score: expect.any(Number) as number,
      threshold: expect.any(Number) as number,
      userId: alice.userId,
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) as string,
    });
    const [principal, input] = app.lastCall('verify') as [
      unknown,
      { username: string; image: Uint8Array; client: unknown },
    ];
    expect(principal).toMatchObject({ tenantId: s.a.tenantId });
    expect(input.username).toBe('alice');
    expect(Buffer.from(input.image).equals(IMAGE)).toBe(true);
    expect(input.client).toEqual({ ip: '203.0.113.7', userAgent: 'kiosk/1' });
  });

  it('takes a data: URL, URL-safe base64 and base64 with line breaks', async () => {
    const standard = IMAGE.toString('base64');
    for (const image of [
      `data:image/jpeg;base64,${standard}`,
      IMAGE.toString('base64url'),
      standard.replace(/(.{8})/g, '$1\n'),
    ]) {
      expect((await api(jsonRequest('/v1/verify', { username: 'alice', image }, client))).status).toBe(200);
      const input = app.lastCall('verify')?.[1] as { image: Uint8Array };
      expect(Buffer.from(input.image).equals(IMAGE)).toBe(true);
    }
  });

  it('takes multipart/form-data with a username field and an image file', async () => {
    const request = await multipartRequest(
      '/v1/verify',
      [
        { name: 'username', value: 'alice' },
        { name: 'image', value: { bytes: IMAGE, filename: 'capture.jpg', type: 'image/jpeg' } },
      ],
      client,
    );
    const response = await api(request);
    expect(response.status).toBe(200);
    const input = app.lastCall('verify')?.[1] as { username: string; image: Uint8Array };
    expect(input.username).toBe('alice');
    expect(Buffer.from(input.image).equals(IMAGE)).toBe(true);
  });

  it('answers a denial with its reason, and never with a token', async () => {
    // Someone else's face for frank: denied.
    const response = await api(
      jsonRequest('/v1/verify', { username: 'frank', image: IMAGE.toString('base64') }, operator),
    );
    expect(bodyJson(response)).toEqual({
      decision: 'denied',
      score: 0,
      threshold: expect.any(Number) as number,
      reason: 'no_match',
      userId: frank.userId,
    });
    // A client key gets neither the score nor the precise reason (client-decision.ts).
    const seen = await api(jsonRequest('/v1/verify', { username: 'frank', image: IMAGE.toString('base64') }, client));
    expect(bodyJson(seen)).toEqual({ decision: 'denied', reason: 'not_verified' });
    // Even if a denial carried a token, the response would not.
    app.override('verify', async (principal, input) => ({
      ...(await s.app.verify(principal, input)),
      token: 'should-not-leak',
    }));
    const leaky = await api(
      jsonRequest('/v1/verify', { username: 'frank', image: IMAGE.toString('base64') }, operator),
    );
    expect(bodyJson(leaky)).toMatchObject({ decision: 'denied' });
    expect(leaky.body).not.toContain('should-not-leak');
  });

  it.each([
    ['missing username', { image: IMAGE.toString('base64') }, 'username'],
    ['missing image', { username: 'alice' }, 'image'],
    ['image not base64', { username: 'alice', image: 'not base64!' }, 'image'],
    ['image a data: URL without base64', { username: 'alice', image: 'data:image/jpeg,abc' }, 'image'],
    ['image a number', { username: 'alice', image: 42 }, 'image'],
  ])('answers JSON with %s with 400 naming the field', async (_name, body, field) => {
    const error = expectError(await api(jsonRequest('/v1/verify', body, client)), 400, 'invalid_request');
    expect((error.details as { path: string }[]).map((d) => d.path)).toContain(field);
  });

  it.each([
    ['no username', [{ name: 'image', value: { bytes: IMAGE, filename: 'a.jpg', type: 'image/jpeg' } }]],
    ['no image', [{ name: 'username', value: 'alice' }]],
    [
      'the image as a text field',
      [
        { name: 'username', value: 'alice' },
        { name: 'image', value: 'abc' },
      ],
    ],
    [
      'an empty image',
      [
        { name: 'username', value: 'alice' },
        { name: 'image', value: { bytes: new Uint8Array(0), filename: 'a.jpg', type: 'image/jpeg' } },
      ],
    ],
    [
      'two files',
      [
        { name: 'username', value: 'alice' },
        { name: 'image', value: { bytes: IMAGE, filename: 'a.jpg', type: 'image/jpeg' } },
        { name: 'image', value: { bytes: IMAGE, filename: 'b.jpg', type: 'image/jpeg' } },
      ],
    ],
    [
      'a repeated username',
      [
        { name: 'username', value: 'alice' },
        { name: 'username', value: 'bob' },
        { name: 'image', value: { bytes: IMAGE, filename: 'a.jpg', type: 'image/jpeg' } },
      ],
    ],
  ] as const)('answers multipart with %s with 400 invalid_request', async (_name, parts) => {
    const response = await api(await multipartRequest('/v1/verify', [...parts], client));
    expectError(response, 400, 'invalid_request');
    expect(app.lastCall('verify')).toBeUndefined();
  });

  it('answers a malformed multipart body with 400 invalid_multipart', async () => {
    const noBoundary = httpRequest('/v1/verify', {
      method: 'POST',
      headers: { ...client, 'content-type': 'multipart/form-data' },
      body: 'x',
    });
    expectError(await api(noBoundary), 400, 'invalid_multipart');
    const truncated = await multipartRequest('/v1/verify', [{ name: 'username', value: 'alice' }], client);
    truncated.body = truncated.body.subarray(0, truncated.body.length - 10);
    expectError(await api(truncated), 400, 'invalid_multipart');
  });

  it('answers an image over the limit with 413, as JSON and as multipart', async () => {
    const big = Buffer.alloc(MAX_IMAGE + 1, 7);
    expectError(
      await api(jsonRequest('/v1/verify', { username: 'a', image: big.toString('base64') }, client)),
      413,
      'payload_too_large',
    );
    const form = await multipartRequest(
      '/v1/verify',
      [
        { name: 'username', value: 'a' },
        { name: 'image', value: { bytes: big, filename: 'a.jpg', type: 'image/jpeg' } },
      ],
      client,
    );
    expectError(await api(form), 413, 'payload_too_large');
    expect(app.lastCall('verify')).toBeUndefined();
  });

  it('accepts an image of exactly the limit', async () => {
    // A scripted capture padded with JSON whitespace to the byte.
    const exact = Buffer.concat([IMAGE, Buffer.alloc(MAX_IMAGE - IMAGE.length, 0x20)]);
    expect(exact.length).toBe(MAX_IMAGE);
    const response = await api(
      jsonRequest('/v1/verify', { username: 'alice', image: exact.toString('base64') }, client),
    );
    expect(response.status).toBe(200);
    expect(bodyJson(response)).toMatchObject({ decision: 'granted' });
  });

  it('answers a body over the request limit with 413 before authenticating', async () => {
    const request = jsonRequest('/v1/verify', 'x'.repeat(maxBodyBytesFor(MAX_IMAGE) + 1), client);
    expectError(await api(request), 413, 'payload_too_large');
    expect(app.lastCall('authenticate')).toBeUndefined();
  });

  it('answers other content types with 415', async () => {
    const request = httpRequest('/v1/verify', {
      method: 'POST',
      headers: { ...client, 'content-type': 'image/jpeg' },
      body: IMAGE,
    });
    expectError(await api(request), 415, 'unsupported_media_type');
  });

  it('passes use-case refusals through: 422 for bytes that are not an image; an unknown user is a plain denial', async () => {
    const garbage = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3, 250, 251]);
    expectError(
      await api(jsonRequest('/v1/verify', { username: 'alice', image: garbage.toString('base64') }, client)),
      422,
      'not_an_image',
    );
    const unknown = await api(
      jsonRequest('/v1/verify', { username: 'nobody', image: IMAGE.toString('base64') }, client),
    );
    expect(unknown.status).toBe(200);
    expect(bodyJson(unknown)).toEqual({ decision: 'denied', reason: 'not_verified' });
  });

  it('adds Retry-After to a 429 that says when to retry', async () => {
    app.fail('verify', appError(429, 'locked_out', 90.2));
    const response = await api(jsonRequest('/v1/verify', { username: 'a', image: IMAGE.toString('base64') }, operator));
    expectError(response, 429, 'locked_out');
    expect(response.headers['Retry-After']).toBe('91');
    app.fail('verify', appError(429, 'rate_limited'));
    expect(
      (await api(jsonRequest('/v1/verify', { username: 'a', image: IMAGE.toString('base64') }, client))).headers[
        'Retry-After'
      ],
    ).toBeUndefined();
  });
});

describe('POST /v1/identify', () => {
  it('takes JSON with an image only', async () => {
    // The scripted engine's same-person score is below the fused default's identify threshold (see
    // api-conformance.int.test.ts), so the real app denies; the grant's wire shape is checked on alice's real match.
    app.override('identify', async (principal, input) => {
      const real = await s.app.identify(principal, input);
      return { decision: 'granted', userId: alice.userId, username: 'alice', score: real.score ?? 0 };
    });
    const response = await api(jsonRequest('/v1/identify', { image: IMAGE.toString('base64') }, operator));
    expect(response.status).toBe(200);
    expect(bodyJson(response)).toEqual({
      decision: 'granted',
      userId: alice.userId,
      username: 'alice',
      score: expect.any(Number) as number,
    });
    const input = app.lastCall('identify')?.[1] as Record<string, unknown>;
    expect(Object.keys(input).sort()).toEqual(['client', 'image']);
  });

  it('takes multipart with an image file', async () => {
    const request = await multipartRequest(
      '/v1/identify',
      [{ name: 'image', value: { bytes: IMAGE, filename: 'x.png', type: 'image/png' } }],
      client,
    );
    expect((await api(request)).status).toBe(200);
    expect(Buffer.from((app.lastCall('identify')?.[1] as { image: Uint8Array }).image).equals(IMAGE)).toBe(true);
  });

  it('returns a denial with its reason', async () => {
    const stranger = scriptedCapture({ person: 'stranger' }).toString('base64');
    const response = await api(jsonRequest('/v1/identify', { image: stranger }, operator));
    expect(bodyJson(response)).toEqual({ decision: 'denied', reason: 'no_match', score: 0 });
    const seen = await api(jsonRequest('/v1/identify', { image: stranger }, client));
    expect(bodyJson(seen)).toEqual({ decision: 'denied', reason: 'no_match' });
  });

  it('refuses a missing image', async () => {
    expectError(await api(jsonRequest('/v1/identify', {}, client)), 400, 'invalid_request');
  });
});

describe('operator routes', () => {
  it('lists users with search, limit and cursor passed on typed', async () => {
    const response = await api(httpRequest('/v1/users?search=ali&limit=25', { headers: operator }));
    expect(response.status).toBe(200);
    expect(bodyJson(response)).toEqual({
      users: [
        {
          userId: alice.userId,
          username: 'alice',
          status: 'active',
          templates: 1,
          createdAt: expect.any(String) as string,
        },
      ],
    });
    expect(app.lastCall('listUsers')?.[1]).toEqual({ search: 'ali', limit: 25 });
    const first = bodyJson(await api(httpRequest('/v1/users?limit=1', { headers: operator }))) as {
      users: { userId: string }[];
      nextCursor: string;
    };
    expect(first.nextCursor).toEqual(expect.any(String));
    const next = await api(httpRequest(`/v1/users?limit=1&cursor=${first.nextCursor}`, { headers: operator }));
    expect(app.lastCall('listUsers')?.[1]).toEqual({ limit: 1, cursor: first.nextCursor });
    const [second] = (bodyJson(next) as { users: { userId: string }[] }).users;
    expect(second?.userId).not.toBe(first.users[0]?.userId);
  });

  it.each(['0', '101', 'ten', '1.5'])('refuses limit=%s', async (limit) => {
    const error = expectError(
      await api(httpRequest(`/v1/users?limit=${limit}`, { headers: operator })),
      400,
      'invalid_request',
    );
    expect(error.details).toEqual([{ path: 'limit', message: expect.any(String) as string }]);
  });

  it('lists attempts with filters passed on typed', async () => {
    await api(jsonRequest('/v1/verify', { username: 'frank', image: IMAGE.toString('base64') }, operator));
    const query = `outcome=denied&kind=verify&userId=${frank.userId}&since=2025-01-01T00:00:00Z&limit=500`;
    const response = await api(httpRequest(`/v1/attempts?${query}`, { headers: operator }));
    expect(response.status).toBe(200);
    const { attempts } = bodyJson(response) as { attempts: Record<string, unknown>[] };
    expect(attempts.length).toBeGreaterThan(0);
    for (const attempt of attempts)
      expect(attempt).toMatchObject({ outcome: 'denied', userId: frank.userId, reason: 'no_match' });
    expect(app.lastCall('listAttempts')?.[1]).toEqual({
      outcome: 'denied',
      kind: 'verify',
      userId: frank.userId,
      since: '2025-01-01T00:00:00Z',
      limit: 500,
    });
  });

  it.each(['outcome=maybe', 'since=yesterday', 'limit=1001'])('refuses attempts query %s', async (query) => {
    expectError(await api(httpRequest(`/v1/attempts?${query}`, { headers: operator })), 400, 'invalid_request');
  });

  it('is 403 for a client key (the use case decides)', async () => {
    expectError(await api(httpRequest('/v1/users', { headers: client })), 403, 'forbidden');
    expectError(await api(httpRequest('/v1/attempts', { headers: client })), 403, 'forbidden');
    expectError(
      await api(httpRequest(`/v1/users/${alice.userId}`, { method: 'DELETE', headers: client })),
      403,
      'forbidden',
    );
  });

  it('deletes a user with 204 and no body', async () => {
    const gone = await s.enroll(s.a, 'gone');
    const response = await api(httpRequest(`/v1/users/${gone.userId}`, { method: 'DELETE', headers: operator }));
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    expect(app.lastCall('deleteUser')?.[1]).toBe(gone.userId);
    expectError(
      await api(httpRequest(`/v1/users/${gone.userId}`, { method: 'DELETE', headers: operator })),
      404,
      'not_found',
    );
  });
});

describe('authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['an unknown key', bearer('nope')],
    ['a Basic credential', { authorization: 'Basic YTpi' }],
  ])('answers %s with 401 on every /v1 route, before reading the body', async (_name, headers) => {
    const requests = [
      jsonRequest('/v1/enrollments', '{broken', headers),
      httpRequest('/v1/enrollments/enr_1', { headers }),
      jsonRequest('/v1/verify', { username: 'a', image: IMAGE.toString('base64') }, headers),
      jsonRequest('/v1/identify', { image: IMAGE.toString('base64') }, headers),
      httpRequest('/v1/users', { headers }),
      httpRequest('/v1/users/usr_1', { method: 'DELETE', headers }),
    ];
    for (const request of requests) expectError(await api(request), 401, 'unauthorized');
    expect(app.calls.every((c) => c.method === 'authenticate')).toBe(true);
  });

  it('passes the Authorization header to the app verbatim', async () => {
    await api(httpRequest('/v1/enrollments/enr_1', { headers: { authorization: 'Bearer  odd  spacing' } }));
    expect(app.lastCall('authenticate')?.[0]).toBe('Bearer  odd  spacing');
  });
});

describe('public routes', () => {
  it('serves the JWKS without authentication, cacheable', async () => {
    const response = await api(httpRequest('/.well-known/jwks.json'));
    expect(response.status).toBe(200);
    const { keys } = bodyJson(response) as { keys: { kid: string; alg: string; d?: string }[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kid: expect.any(String) as string, alg: 'ES256' });
      expect(key.d).toBeUndefined();
    }
    expect(response.headers['Cache-Control']).toBe('public, max-age=300');
    expect(app.lastCall('authenticate')).toBeUndefined();
  });

  it('reports health: 200 when ok, 503 when degraded', async () => {
    const ok = await api(httpRequest('/healthz'));
    expect(ok.status).toBe(200);
    expect(bodyJson(ok)).toMatchObject({ status: 'ok' });
    app.override('health', async () => ({
      ...(await s.app.health()),
      status: 'degraded' as const,
      checks: { database: 'timeout' },
    }));
    const degraded = await api(httpRequest('/healthz'));
    expect(degraded.status).toBe(503);
    expect(bodyJson(degraded)).toMatchObject({ status: 'degraded', checks: { database: 'timeout' } });
  });

  it('serves the OpenAPI document with the public URL as server', async () => {
    const response = await api(httpRequest('/openapi.json'));
    expect(response.status).toBe(200);
    expect(bodyJson(response)).toMatchObject({ openapi: '3.1.0', servers: [{ url: 'https://api.example.com' }] });
  });
});

describe('routing', () => {
  it('is 404 not_found for an unknown path', async () => {
    expectError(await api(httpRequest('/v2/verify')), 404, 'not_found');
    expectError(await api(httpRequest('/v1/enrollments/enr_1/extra', { headers: client })), 404, 'not_found');
  });

  it('is 405 with Allow for a known path with the wrong method', async () => {
    const response = await api(httpRequest('/v1/verify', { headers: client }));
    expectError(response, 405, 'method_not_allowed');
    expect(response.headers.Allow).toBe('POST, OPTIONS');
    const users = await api(httpRequest('/v1/users/usr_1', { method: 'PUT', headers: operator }));
    expect(users.status).toBe(405);
    expect(users.headers.Allow).toBe('DELETE, GET, OPTIONS');
  });

  it('tells API paths from others (for the dev server)', () => {
    expect(api.handles('/v1/verify')).toBe(true);
    expect(api.handles('/v1/anything-else')).toBe(true);
    expect(api.handles('/healthz')).toBe(true);
    expect(api.handles('/.well-known/jwks.json')).toBe(true);
    expect(api.handles('/')).toBe(false);
    expect(api.handles('/assets/app.js')).toBe(false);
  });
});

describe('unexpected failures', () => {
  it('answers 500 internal with a generic message and logs the stack as ERROR', async () => {
    const failure = new Error('mysql://root:hunter2@db/facegate refused');
    app.fail('verify', failure);
    const request = jsonRequest(
      '/v1/verify',
      { username: 'a', image: IMAGE.toString('base64') },
      {
        ...client,
        'x-cloud-trace-context': '0123456789abcdef0123456789abcdef/42;o=1',
      },
    );
    const response = await api(request);
    const error = expectError(response, 500, 'internal');
    expect(error).toEqual({ code: 'internal', message: expect.not.stringContaining('hunter2') as string });
    expect(String(response.body)).not.toContain('hunter2');

    const errorLine = logs.find((entry) => entry.severity === 'ERROR' && !('httpRequest' in entry));
    expect(errorLine?.message).toContain('hunter2');
    expect(errorLine?.message).toContain(failure.stack?.split('\n')[1]?.trim());
    expect(errorLine?.['logging.googleapis.com/trace']).toBe('0123456789abcdef0123456789abcdef');
  });

  it('answers a thrown non-Error value with 500 too', async () => {
    app.fail('health', 'a string');
    expectError(await api(httpRequest('/healthz')), 500, 'internal');
  });

  it('does not log expected errors as failures', async () => {
    const garbage = Buffer.from('not a capture').toString('base64');
    const response = await api(jsonRequest('/v1/verify', { username: 'alice', image: garbage }, client));
    expect(response.status).toBe(422);
    expect(logs.filter((e) => e.severity === 'ERROR')).toEqual([]);
  });
});

describe('CORS', () => {
  it('answers a preflight with the methods and headers a browser needs', async () => {
    const preflight = httpRequest('/v1/verify', {
      method: 'OPTIONS',
      headers: { origin: 'https://kiosk.example', 'access-control-request-method': 'POST' },
    });
    const response = await api(preflight);
    expect(response.status).toBe(204);
    expect(response.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(response.headers['Access-Control-Allow-Methods']).toContain('POST');
    expect(response.headers['Access-Control-Allow-Headers']).toMatch(/Authorization/);
    expect(response.headers['Access-Control-Allow-Headers']).toMatch(/Content-Type/);
    expect(app.calls).toEqual([]);
  });

  it('allows a cross-origin PUT /v1/webhook (a preflight once announced no PUT)', async () => {
    const response = await api(
      httpRequest('/v1/webhook', {
        method: 'OPTIONS',
        headers: { origin: 'https://console.example', 'access-control-request-method': 'PUT' },
      }),
    );
    expect(response.status).toBe(204);
    expect(response.headers['Access-Control-Allow-Methods']?.split(', ')).toContain('PUT');
  });

  it('announces in its preflight every method some route serves', async () => {
    const response = await api(
      httpRequest('/v1/users', { method: 'OPTIONS', headers: { origin: 'https://a.example' } }),
    );
    const announced = response.headers['Access-Control-Allow-Methods']?.split(', ') ?? [];
    // Every route's method, found by asking each documented path for a method it does not serve (405 lists the rest).
    const document = bodyJson(await api(httpRequest('/openapi.json'))) as { paths: object };
    const paths = Object.keys(document.paths).map((p) => p.replace(/\{[^}]+\}/g, 'x1'));
    expect(paths.length).toBeGreaterThan(10);
    const served = new Set<string>();
    for (const path of paths) {
      const probe = await api(httpRequest(path, { method: 'TRACE', headers: operator }));
      for (const method of probe.headers.Allow?.split(', ') ?? []) served.add(method);
    }
    expect(served).toContain('PUT');
    expect(served).toContain('PATCH');
    expect(announced).toEqual(expect.arrayContaining([...served]));
  });

  it('marks every response, errors included, as readable cross-origin', async () => {
    const ok = await api(httpRequest('/healthz', { headers: { origin: 'https://a.example' } }));
    expect(ok.headers['Access-Control-Allow-Origin']).toBe('*');
    const denied = await api(httpRequest('/v1/users', { headers: { origin: 'https://a.example' } }));
    expect(denied.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(denied.headers['Access-Control-Expose-Headers']).toContain('Retry-After');
  });

  it('echoes only configured origins when a list is given', async () => {
    const listed = createApiHandler(app.app, {
      maxImageBytes: MAX_IMAGE,
      cors: { origins: ['https://app.example'] },
      log: () => undefined,
    });
    const allowed = await listed(httpRequest('/healthz', { headers: { origin: 'https://app.example' } }));
    expect(allowed.headers['Access-Control-Allow-Origin']).toBe('https://app.example');
    expect(allowed.headers.Vary).toBe('Origin');
    const other = await listed(httpRequest('/healthz', { headers: { origin: 'https://evil.example' } }));
    expect(other.headers['Access-Control-Allow-Origin']).toBeUndefined();
    const preflight = await listed(
      httpRequest('/v1/verify', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }),
    );
    expect(preflight.headers['Access-Control-Allow-Methods']).toBeUndefined();
  });
});

describe('access log', () => {
  it('writes one structured line per request with Cloud Logging fields', async () => {
    await api(
      httpRequest(`/v1/enrollments/${alice.enrollmentId}?x=1`, {
        headers: {
          ...client,
          'user-agent': 'curl/8',
          'x-cloud-trace-context': '0123456789abcdef0123456789abcdef/7;o=0',
        },
      }),
    );
    expect(logs).toHaveLength(1);
    const [entry] = logs;
    expect(entry).toMatchObject({
      severity: 'INFO',
      message: `GET /v1/enrollments/${alice.enrollmentId}?x=1 200`,
      httpRequest: {
        requestMethod: 'GET',
        requestUrl: `/v1/enrollments/${alice.enrollmentId}?x=1`,
        status: 200,
        remoteIp: '203.0.113.7',
        userAgent: 'curl/8',
      },
      'logging.googleapis.com/trace': '0123456789abcdef0123456789abcdef',
      'logging.googleapis.com/spanId': '0000000000000007',
      'logging.googleapis.com/trace_sampled': false,
    });
    expect((entry?.httpRequest as { latency?: string } | undefined)?.latency).toMatch(/^\d+\.\d{3}s$/);
  });

  it('logs client errors as WARNING and never writes the Authorization header', async () => {
    await api(httpRequest('/v1/users', { headers: bearer('secret-key-value') }));
    expect(logs.map((e) => e.severity)).toEqual(['WARNING']);
    expect(JSON.stringify(logs)).not.toContain('secret-key-value');
  });

  it('names the trace with the project when configured', async () => {
    const traced = createApiHandler(app.app, {
      maxImageBytes: MAX_IMAGE,
      traceProjectId: 'my-proj',
      log: (e) => logs.push(e),
    });
    await traced(httpRequest('/healthz', { headers: { 'x-cloud-trace-context': '0123456789abcdef0123456789abcdef' } }));
    expect(logs[0]?.['logging.googleapis.com/trace']).toBe('projects/my-proj/traces/0123456789abcdef0123456789abcdef');
  });
});
