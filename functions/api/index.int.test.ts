/**
 * The `api` function through the Functions Framework's own test server (Express, body parsers and all), over the
 * real application with the scripted face engine (SQLite in a temporary dir): what is tested here is the adapter
 * between the framework and the HTTP layer. `watchApp` shows what reached the app and makes the failures the real
 * app cannot be made to produce.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { MockInstance } from 'vitest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/app/app-error.js';
import type * as Compose from '../../shared/compose.js';
import { scriptedCapture } from '../../shared/face/scripted-face-engine.test-support.js';
import { openScriptedStack, watchApp } from '../../tests/support/scripted-stack.js';

const MAX_IMAGE = 2048;
const state = vi.hoisted((): { app: unknown; composeCalls: number; failCompose: boolean } => ({
  app: undefined,
  composeCalls: 0,
  failCompose: false,
}));

vi.mock('../../shared/compose.js', async (importOriginal) => ({
  ...(await importOriginal<typeof Compose>()),
  compose: () => {
    state.composeCalls += 1;
    if (state.failCompose) return Promise.reject(new Error('database unreachable: mysql://root:hunter2@db'));
    return Promise.resolve({
      app: state.app,
      config: {
        upload: { maxBytes: MAX_IMAGE },
        publicUrl: 'https://faces.example.com',
        logLevel: 'info',
        trustedProxyHops: 1,
      },
    });
  },
}));

// Registers the function with the framework, as the deployed entry point does.
await import('./index.js');

const stack = await openScriptedStack();
await stack.enroll(stack.a, 'alice');
const app = watchApp(stack.app);
state.app = app.app;
const IMAGE = scriptedCapture({ person: 'alice' });
const auth = { authorization: `Bearer ${stack.a.clientKey}` };

let server: Server;
let base: string;
let stdout: MockInstance<typeof process.stdout.write>;

function start(): Promise<void> {
  server = getTestServer('api');
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

function stop(): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Structured lines the function wrote to stdout since the test began. */
function logLines(): Record<string, unknown>[] {
  return stdout.mock.calls
    .map(([chunk]) => String(chunk))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(start);
afterAll(async () => {
  await stop();
  await stack.close();
});
beforeEach(() => {
  app.clear();
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());

describe('api function', () => {
  // First, while nothing is cached: a failed start must not be cached either.
  it('answers 503 while the composition cannot be built, and retries it on the next request', async () => {
    state.failCompose = true;
    const failed = await fetch(`${base}/healthz`);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('5');
    const text = await failed.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'unavailable', message: expect.any(String) as string } });
    expect(text).not.toContain('hunter2');
    expect(logLines().some((l) => l.severity === 'ERROR' && String(l.message).includes('database unreachable'))).toBe(
      true,
    );

    state.failCompose = false;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const calls = state.composeCalls;
    await fetch(`${base}/healthz`);
    expect(state.composeCalls).toBe(calls);
  });

  it('serves a multipart verify with the image bytes intact', async () => {
    const form = new FormData();
    form.append('username', 'alice');
    form.append('image', new Blob([IMAGE], { type: 'image/jpeg' }), 'capture.jpg');
    const response = await fetch(`${base}/v1/verify`, {
      method: 'POST',
      headers: { ...auth, 'x-forwarded-for': '198.51.100.23', 'user-agent': 'kiosk/2' },
      body: form,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ decision: 'granted', token: expect.any(String) as string });
    const input = app.lastCall('verify')?.[1] as { username: string; image: Uint8Array; client: object };
    expect(input.username).toBe('alice');
    expect(Buffer.from(input.image).equals(IMAGE)).toBe(true);
    expect(input.client).toEqual({ ip: '198.51.100.23', userAgent: 'kiosk/2' });
  });

  it('serves a JSON verify from the raw body the framework kept', async () => {
    const response = await fetch(`${base}/v1/verify`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', image: `data:image/jpeg;base64,${IMAGE.toString('base64')}` }),
    });
    expect(response.status).toBe(200);
    expect(Buffer.from((app.lastCall('verify')?.[1] as { image: Uint8Array }).image).equals(IMAGE)).toBe(true);
  });

  it('starts an enrollment with 201 and a Location header', async () => {
    const response = await fetch(`${base}/v1/enrollments`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'newcomer' }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { enrollmentId: string };
    expect(body).toMatchObject({ enrollmentId: expect.any(String) as string, upload: { method: 'PUT' } });
    expect(response.headers.get('location')).toBe(`/v1/enrollments/${body.enrollmentId}`);
  });

  it.each([
    ['no key', '/v1/users', { method: 'GET' }, 401, 'unauthorized'],
    ['wrong method', '/v1/verify', { method: 'GET', headers: auth }, 405, 'method_not_allowed'],
    ['unknown route', '/nothing-here', { method: 'GET' }, 404, 'not_found'],
    [
      'text body',
      '/v1/verify',
      { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'hello' },
      415,
      'unsupported_media_type',
    ],
    [
      'oversized body',
      '/v1/identify',
      { method: 'POST', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: 'x'.repeat(80_000) },
      413,
      'payload_too_large',
    ],
    [
      'image over the limit',
      '/v1/identify',
      {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ image: Buffer.alloc(MAX_IMAGE + 1).toString('base64') }),
      },
      413,
      'payload_too_large',
    ],
  ] as const)('answers %s with the error envelope', async (_name, path, init, status, code) => {
    const response = await fetch(`${base}${path}`, init);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: { code, message: expect.any(String) as string } });
  });

  it('answers 429 with Retry-After', async () => {
    app.fail('identify', new AppError(429, 'locked_out', 'too many attempts', { retryAfterSeconds: 30 }));
    const response = await fetch(`${base}/v1/identify`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ image: IMAGE.toString('base64') }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
  });

  it('answers an unexpected failure with a generic 500 and no stack', async () => {
    app.fail('jwks', new Error('key file /secret/path/keys.json unreadable'));
    const response = await fetch(`${base}/.well-known/jwks.json`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: expect.any(String) as string } });
    expect(text).not.toMatch(/secret|\.ts:\d+|\bat /);
  });

  it('answers a CORS preflight', async () => {
    const response = await fetch(`${base}/v1/verify`, {
      method: 'OPTIONS',
      headers: { origin: 'https://kiosk.example', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('writes one access-log line per request, with the trace', async () => {
    await fetch(`${base}/healthz`, { headers: { 'x-cloud-trace-context': 'abcdefabcdefabcdefabcdefabcdef12/1;o=1' } });
    const access = logLines().filter((l) => 'httpRequest' in l);
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      severity: 'INFO',
      httpRequest: { requestMethod: 'GET', requestUrl: '/healthz', status: 200 },
      'logging.googleapis.com/trace': 'abcdefabcdefabcdefabcdefabcdef12',
    });
  });
});

describe('malformed JSON through the Functions Framework', () => {
  // The framework's JSON body parser runs before the function and answers a parse error itself; deployments must
  // run with NODE_ENV=production so that answer carries no stack trace.
  it('is a 400 without a stack trace under NODE_ENV=production', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    // Express reports the parse error on the console itself.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const production = getTestServer('api');
    try {
      await new Promise<void>((resolve) => production.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(production.address() as AddressInfo).port}/v1/enrollments`;
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{"username": ',
      });
      expect(response.status).toBe(400);
      expect(await response.text()).not.toMatch(/SyntaxError|JSON\.parse|node_modules|\bat /);
      expect(app.lastCall('startEnrollment')).toBeUndefined();
    } finally {
      process.env.NODE_ENV = previous;
      consoleError.mockRestore();
      await new Promise((resolve) => production.close(resolve));
    }
  });
});
