import { beforeEach, describe, expect, it } from 'vitest';
import { AppError, conflict } from '../app/app-error.js';
import type { ApiHandler } from './api-handler.js';
import { createApiHandler, maxBodyBytesFor } from './api-handler.js';
import { CLIENT_KEY, FakeFaceGateApp, OPERATOR_KEY, appError } from './fake-facegate-app.test-support.js';
import type { HttpResponse } from './http-message.js';
import { bearer, bodyJson, httpRequest, jsonRequest, multipartRequest } from './http-test-requests.test-support.js';
import type { LogEntry } from './structured-log.js';

const MAX_IMAGE = 4096;
/** Not a real JPEG: the HTTP layer passes bytes through untouched; decoding is the use case's job. */
const IMAGE = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3, 250, 251, 252, 253, 254]);
const client = bearer(CLIENT_KEY);
const operator = bearer(OPERATOR_KEY);

let app: FakeFaceGateApp;
let logs: LogEntry[];
let api: ApiHandler;

beforeEach(() => {
  app = new FakeFaceGateApp();
  logs = [];
  api = createApiHandler(app, {
    maxImageBytes: MAX_IMAGE,
    publicBaseUrl: 'https://api.example.com',
    log: (e) => logs.push(e),
  });
});

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
      jsonRequest(
        '/v1/enrollments',
        { username: 'Alice', displayName: 'Alice A.', email: 'a@example.com', password: 'pw-1234' },
        client,
      ),
    );
    expect(response.status).toBe(201);
    expect(response.headers.Location).toBe('/v1/enrollments/enr_1');
    expect(bodyJson(response)).toEqual({
      enrollmentId: 'enr_1',
      userId: 'usr_1',
      status: 'pending',
      upload: {
        url: 'http://localhost:8080/_local/uploads/tenants/ten_a/users/usr_1/enroll/cap_1.jpg?sig=x',
        method: 'PUT',
        headers: { 'Content-Type': 'image/jpeg' },
        expiresAt: '2025-01-01T00:05:00.000Z',
      },
    });
    expect(app.lastCall('startEnrollment')).toEqual([
      { tenantId: 'ten_a', role: 'client', apiKeyId: 'key_c' },
      { username: 'Alice', displayName: 'Alice A.', email: 'a@example.com', password: 'pw-1234' },
    ]);
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

  it('passes a conflict from the use case through as 409', async () => {
    app.failures.set('startEnrollment', conflict('username_taken', 'that username is taken'));
    const error = expectError(
      await api(jsonRequest('/v1/enrollments', { username: 'alice' }, client)),
      409,
      'username_taken',
    );
    expect(error.message).toBe('that username is taken');
  });
});

describe('GET /v1/enrollments/{enrollmentId}', () => {
  it('returns the enrollment with its reason and quality', async () => {
    const response = await api(httpRequest('/v1/enrollments/enr_1', { headers: client }));
    expect(response.status).toBe(200);
    expect(bodyJson(response)).toEqual({
      enrollmentId: 'enr_1',
      userId: 'usr_1',
      status: 'rejected',
      reason: 'blurred',
      quality: { sharpness: 3.2 },
    });
  });

  it('decodes the path parameter before the use case sees it', async () => {
    await api(httpRequest('/v1/enrollments/enr%5F1', { headers: client }));
    expect(app.lastCall('getEnrollment')?.[1]).toBe('enr_1');
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
      score: 0.91,
      threshold: 0.6,
      userId: 'usr_1',
      token: 'jwt.token.sig',
    });
    const [principal, input] = app.lastCall('verify') as [
      unknown,
      { username: string; image: Uint8Array; client: unknown },
    ];
    expect(principal).toMatchObject({ tenantId: 'ten_a' });
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

  it('never returns a token with a denial', async () => {
    app.verifyResult = { decision: 'denied', score: 0.2, threshold: 0.6, reason: 'no_match', token: 'should-not-leak' };
    const response = await api(
      jsonRequest('/v1/verify', { username: 'alice', image: IMAGE.toString('base64') }, operator),
    );
    expect(bodyJson(response)).toEqual({ decision: 'denied', score: 0.2, threshold: 0.6, reason: 'no_match' });
    // A client key gets neither the score nor the precise reason (client-decision.ts).
    const seen = await api(jsonRequest('/v1/verify', { username: 'alice', image: IMAGE.toString('base64') }, client));
    expect(bodyJson(seen)).toEqual({ decision: 'denied', reason: 'not_verified' });
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
    const exact = Buffer.alloc(MAX_IMAGE, 7);
    expect(
      (await api(jsonRequest('/v1/verify', { username: 'a', image: exact.toString('base64') }, client))).status,
    ).toBe(200);
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

  it('passes use-case refusals through: 422 for a bad image, 404 for an unknown user', async () => {
    app.failures.set('verify', new AppError(422, 'not_an_image', 'the upload is not an image'));
    expectError(
      await api(jsonRequest('/v1/verify', { username: 'a', image: IMAGE.toString('base64') }, client)),
      422,
      'not_an_image',
    );
    app.failures.set('verify', new AppError(404, 'not_found', 'user not found'));
    expectError(
      await api(jsonRequest('/v1/verify', { username: 'a', image: IMAGE.toString('base64') }, client)),
      404,
      'not_found',
    );
  });

  it('adds Retry-After to a 429 that says when to retry', async () => {
    app.failures.set('verify', appError(429, 'locked_out', 90.2));
    const response = await api(jsonRequest('/v1/verify', { username: 'a', image: IMAGE.toString('base64') }, operator));
    expectError(response, 429, 'locked_out');
    expect(response.headers['Retry-After']).toBe('91');
    app.failures.set('verify', appError(429, 'rate_limited'));
    expect(
      (await api(jsonRequest('/v1/verify', { username: 'a', image: IMAGE.toString('base64') }, client))).headers[
        'Retry-After'
      ],
    ).toBeUndefined();
  });
});

describe('POST /v1/identify', () => {
  it('takes JSON with an image only', async () => {
    const response = await api(jsonRequest('/v1/identify', { image: IMAGE.toString('base64') }, client));
    expect(response.status).toBe(200);
    expect(bodyJson(response)).toEqual({ decision: 'granted', userId: 'usr_1', username: 'alice', score: 0.88 });
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
    app.identifyResult = { decision: 'denied', reason: 'ambiguous_match', score: 0.7 };
    const response = await api(jsonRequest('/v1/identify', { image: IMAGE.toString('base64') }, operator));
    expect(bodyJson(response)).toEqual({ decision: 'denied', reason: 'ambiguous_match', score: 0.7 });
    const seen = await api(jsonRequest('/v1/identify', { image: IMAGE.toString('base64') }, client));
    expect(bodyJson(seen)).toEqual({ decision: 'denied', reason: 'no_match' });
  });

  it('refuses a missing image', async () => {
    expectError(await api(jsonRequest('/v1/identify', {}, client)), 400, 'invalid_request');
  });
});

describe('operator routes', () => {
  it('lists users with search, limit and cursor passed on typed', async () => {
    const response = await api(httpRequest('/v1/users?search=ali&limit=25&cursor=c1', { headers: operator }));
    expect(response.status).toBe(200);
    expect(bodyJson(response)).toEqual({
      users: [
        {
          userId: 'usr_1',
          username: 'alice',
          displayName: 'Alice',
          status: 'active',
          templates: 1,
          createdAt: '2025-01-01T00:00:00.000Z',
        },
      ],
      nextCursor: 'c2',
    });
    expect(app.lastCall('listUsers')?.[1]).toEqual({ search: 'ali', limit: 25, cursor: 'c1' });
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
    const query = 'outcome=denied&kind=verify&userId=usr_1&since=2025-01-01T00:00:00Z&limit=500&cursor=c1';
    const response = await api(httpRequest(`/v1/attempts?${query}`, { headers: operator }));
    expect(response.status).toBe(200);
    expect(bodyJson(response)).toMatchObject({
      attempts: [{ id: 'att_1', outcome: 'denied', reason: 'below_threshold', createdAt: '2025-01-01T00:00:00.000Z' }],
    });
    expect(app.lastCall('listAttempts')?.[1]).toEqual({
      outcome: 'denied',
      kind: 'verify',
      userId: 'usr_1',
      since: '2025-01-01T00:00:00Z',
      limit: 500,
      cursor: 'c1',
    });
  });

  it.each(['outcome=maybe', 'since=yesterday', 'limit=1001'])('refuses attempts query %s', async (query) => {
    expectError(await api(httpRequest(`/v1/attempts?${query}`, { headers: operator })), 400, 'invalid_request');
  });

  it('is 403 for a client key (the use case decides)', async () => {
    expectError(await api(httpRequest('/v1/users', { headers: client })), 403, 'forbidden');
    expectError(await api(httpRequest('/v1/attempts', { headers: client })), 403, 'forbidden');
    expectError(await api(httpRequest('/v1/users/usr_1', { method: 'DELETE', headers: client })), 403, 'forbidden');
  });

  it('deletes a user with 204 and no body', async () => {
    const response = await api(httpRequest('/v1/users/usr_1', { method: 'DELETE', headers: operator }));
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    expect(app.lastCall('deleteUser')?.[1]).toBe('usr_1');
    expectError(await api(httpRequest('/v1/users/usr_2', { method: 'DELETE', headers: operator })), 404, 'not_found');
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
    expect(app.lastCall('authenticate')).toEqual(['Bearer  odd  spacing']);
  });
});

describe('public routes', () => {
  it('serves the JWKS without authentication, cacheable', async () => {
    const response = await api(httpRequest('/.well-known/jwks.json'));
    expect(response.status).toBe(200);
    expect(bodyJson(response)).toEqual({ keys: [expect.objectContaining({ kid: 'k1', alg: 'ES256' })] });
    expect(response.headers['Cache-Control']).toBe('public, max-age=300');
    expect(app.lastCall('authenticate')).toBeUndefined();
  });

  it('reports health: 200 when ok, 503 when degraded', async () => {
    expect((await api(httpRequest('/healthz'))).status).toBe(200);
    app.health_ = { status: 'degraded', checks: { database: 'timeout' }, modelVersion: 'frn128-v1', backend: 'wasm' };
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
    app.failures.set('verify', failure);
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
    app.failures.set('health', 'a string');
    expectError(await api(httpRequest('/healthz')), 500, 'internal');
  });

  it('does not log expected errors as failures', async () => {
    app.failures.set('verify', appError(422, 'no_face'));
    await api(jsonRequest('/v1/verify', { username: 'a', image: IMAGE.toString('base64') }, client));
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
    const listed = createApiHandler(app, {
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
      httpRequest('/v1/enrollments/enr_1?x=1', {
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
      message: 'GET /v1/enrollments/enr_1?x=1 200',
      httpRequest: {
        requestMethod: 'GET',
        requestUrl: '/v1/enrollments/enr_1?x=1',
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
    const traced = createApiHandler(app, {
      maxImageBytes: MAX_IMAGE,
      traceProjectId: 'my-proj',
      log: (e) => logs.push(e),
    });
    await traced(httpRequest('/healthz', { headers: { 'x-cloud-trace-context': '0123456789abcdef0123456789abcdef' } }));
    expect(logs[0]?.['logging.googleapis.com/trace']).toBe('projects/my-proj/traces/0123456789abcdef0123456789abcdef');
  });
});
