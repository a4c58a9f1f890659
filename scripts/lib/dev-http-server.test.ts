import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request as rawRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, assert, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/app/app-error.js';
import { scriptedCapture } from '../../shared/face/scripted-face-engine.test-support.js';
import {
  openScriptedStack,
  watchApp,
  type ScriptedStack,
  type WatchedApp,
} from '../../tests/support/scripted-stack.js';
import type { LogEntry } from '../../shared/http/structured-log.js';
import type { DevServerParts, LocalUploadReceiver } from './dev-http-server.js';
import { createDevServer } from './dev-http-server.js';

const MAX_UPLOAD = 4096;
const UPLOAD_URL =
  '/_local/uploads/tenants/ten_a/users/usr_1/enroll/cap_1.jpg?expires=9&ct=image%2Fjpeg&max=4096&sig=abc';

class RecordingReceiver implements LocalUploadReceiver {
  readonly received: Parameters<LocalUploadReceiver['receive']>[0][] = [];
  failure: Error | undefined;
  receive(req: Parameters<LocalUploadReceiver['receive']>[0]) {
    this.received.push(req);
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve({ key: 'tenants/ten_a/users/usr_1/enroll/cap_1.jpg', generation: '1000' });
  }
}

let tmp: string;
let webDir: string;
let server: Server;
let base: string;
let logs: LogEntry[];
let receiver: RecordingReceiver;
/** The real application (SQLite, the scripted engine), watched per test to see which calls reached it. */
let stack: ScriptedStack;
let app: WatchedApp;
let CLIENT_KEY: string;

beforeAll(async () => {
  stack = await openScriptedStack();
  CLIENT_KEY = stack.a.clientKey;
  await stack.enroll(stack.a, 'alice');
});

afterAll(async () => {
  await stack?.close();
});

async function start(overrides: Partial<DevServerParts> = {}): Promise<void> {
  const parts: DevServerParts = {
    app: app.app,
    config: { publicUrl: 'http://localhost:8080', upload: { maxBytes: MAX_UPLOAD }, logLevel: 'debug' },
    localUploads: receiver,
    webDir,
    ...overrides,
  };
  server = createDevServer(parts, { log: (e) => logs.push(e) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'facegate-dev-server-'));
  webDir = path.join(tmp, 'dist');
  await mkdir(path.join(webDir, 'assets'), { recursive: true });
  await writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>FaceGate</title>');
  await writeFile(path.join(webDir, 'assets', 'app-3f9a1c2B.js'), 'console.log(1)');
  await writeFile(path.join(webDir, 'favicon.svg'), '<svg/>');
  await mkdir(path.join(webDir, 'enroll'));
  await writeFile(path.join(webDir, 'enroll', 'index.html'), '<title>Enroll</title>');
  await writeFile(path.join(webDir, '.env'), 'SECRET=1');
  await writeFile(path.join(tmp, 'outside.txt'), 'outside the web root');
  await symlink(path.join(tmp, 'outside.txt'), path.join(webDir, 'link.txt'));
  logs = [];
  receiver = new RecordingReceiver();
  app = watchApp(stack.app);
  await start();
});

/** Stops the server without waiting for fetch's idle keep-alive connections to time out. */
async function stop(): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await closed;
}

afterEach(async () => {
  await stop();
  await rm(tmp, { recursive: true, force: true });
});

/** A raw request whose Content-Length can lie, to test refusal before the body is read. */
function rawSend(
  method: string,
  target: string,
  headers: Record<string, string | number>,
  body: Buffer,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const { port } = server.address() as AddressInfo;
    const req = rawRequest({ host: '127.0.0.1', port, method, path: target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('API', () => {
  it('serves the API routes', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const verify = await fetch(`${base}/v1/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', image: scriptedCapture({ person: 'alice' }).toString('base64') }),
    });
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ decision: 'granted' });
    expect((app.lastCall('verify')?.[1] as { client: { ip: string } }).client.ip).toMatch(/127\.0\.0\.1/);
  });

  it('refuses a declared body over the limit before reading it or authenticating', async () => {
    const response = await rawSend(
      'POST',
      '/v1/verify',
      { 'content-type': 'application/json', 'content-length': 50_000_000, authorization: `Bearer ${CLIENT_KEY}` },
      Buffer.alloc(0),
    );
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'payload_too_large', message: expect.any(String) as string },
    });
    expect(response.headers.connection).toBe('close');
    expect(app.calls).toEqual([]);
    expect(logs.at(-1)).toMatchObject({ severity: 'WARNING', httpRequest: { status: 413 } });
  });

  it('refuses a body to an API route before reading it when the key is missing or unknown', async () => {
    const { port } = server.address() as AddressInfo;
    for (const authorization of [undefined, 'Bearer fgk_not-a-key']) {
      app.calls.length = 0;
      // Declares 60 KB, sends 1 KB and never the rest: an answer can only come before the body is read.
      const answer = await new Promise<{ status: number; body: string; connection: unknown }>((resolve, reject) => {
        const req = rawRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/identify',
            headers: {
              'content-type': 'application/octet-stream',
              'content-length': 60_000,
              ...(authorization ? { authorization } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                body: Buffer.concat(chunks).toString(),
                connection: res.headers.connection,
              }),
            );
          },
        );
        req.on('error', reject);
        req.write(Buffer.alloc(1024));
      });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'unauthorized' } });
      expect(answer.connection).toBe('close');
      expect(app.calls.map((call) => call.method)).toEqual(['authenticate']);
    }
    expect(logs.at(-1)).toMatchObject({ httpRequest: { status: 401 } });
  });

  it('answers unknown non-GET paths from the API, as JSON', async () => {
    const response = await fetch(`${base}/`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('signed local uploads', () => {
  it('hands the PUT to the receiver and answers with the key and generation, readable cross-origin', async () => {
    const body = Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]);
    const response = await fetch(`${base}${UPLOAD_URL}`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', origin: 'http://localhost:5173' },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ key: 'tenants/ten_a/users/usr_1/enroll/cap_1.jpg', generation: '1000' });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(receiver.received).toHaveLength(1);
    const [received] = receiver.received;
    assert.isDefined(received, 'the forwarded upload');
    expect(received.pathAndQuery).toBe(UPLOAD_URL);
    expect(received.contentType).toBe('image/jpeg');
    expect(received.contentLength).toBe(body.length);
    expect(Buffer.from(received.body).equals(body)).toBe(true);
  });

  it('answers the browser preflight for a PUT with Content-Type', async () => {
    const response = await fetch(`${base}${UPLOAD_URL}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(response.headers.get('access-control-allow-headers')).toContain('Content-Type');
    expect(receiver.received).toEqual([]);
  });

  it("passes the receiver's refusals through as the error envelope", async () => {
    receiver.failure = new AppError(403, 'signature_invalid', 'signature does not match the URL');
    const response = await fetch(`${base}${UPLOAD_URL}`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: 'x',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: 'signature_invalid', message: 'signature does not match the URL' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses a body over the upload limit without buffering it', async () => {
    const declared = await rawSend(
      'PUT',
      UPLOAD_URL,
      { 'content-type': 'image/jpeg', 'content-length': MAX_UPLOAD + 1 },
      Buffer.alloc(0),
    );
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ error: { code: 'too_large' } });
    const chunked = await rawSend(
      'PUT',
      UPLOAD_URL,
      { 'content-type': 'image/jpeg', 'transfer-encoding': 'chunked' },
      Buffer.alloc(MAX_UPLOAD + 100),
    );
    expect(chunked.status).toBe(413);
    expect(receiver.received).toEqual([]);
  });

  it('turns an unexpected receiver failure into a generic 500 and logs it', async () => {
    receiver.failure = new Error('EACCES: permission denied, open /data/blobs/x');
    const response = await fetch(`${base}${UPLOAD_URL}`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: 'x',
    });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('EACCES');
    expect(logs.some((e) => e.severity === 'ERROR' && e.message.includes('EACCES'))).toBe(true);
  });

  it('allows only PUT, and is 404 when the blob backend is not local', async () => {
    const get = await fetch(`${base}${UPLOAD_URL}`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('PUT, OPTIONS');
    await stop();
    await start({ localUploads: undefined });
    const off = await fetch(`${base}${UPLOAD_URL}`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: 'x',
    });
    expect(off.status).toBe(404);
  });
});

describe('web client', () => {
  it('serves index.html at / and files with their content types', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html; ?charset=utf-8$/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<title>FaceGate</title>');

    const script = await fetch(`${base}/assets/app-3f9a1c2B.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript\b/);
    expect(script.headers.get('cache-control')).toContain('immutable');
    const icon = await fetch(`${base}/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('serves a page folder at its slash URL, redirecting the bare one', async () => {
    const bare = await fetch(`${base}/enroll?step=2`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/enroll/?step=2');
    const doubled = await rawSend('GET', '//enroll', {}, Buffer.alloc(0));
    expect(doubled.headers.location).toBe('/enroll/');
    const page = await fetch(`${base}/enroll/`);
    expect(await page.text()).toBe('<title>Enroll</title>');
  });

  it('falls back to index.html for client-side routes, not for missing files', async () => {
    const route = await fetch(`${base}/enroll/step-2`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('FaceGate');
    expect((await fetch(`${base}/missing.png`)).status).toBe(404);
  });

  it.each([
    '/../outside.txt',
    '/%2e%2e/outside.txt',
    '/assets/%2e%2e/%2e%2e/outside.txt',
    '/..%2foutside.txt',
    '/.env',
    '/link.txt',
    '/%00index.html',
    '/%E0%A4%A',
  ])('never serves %s', async (target) => {
    const response = await rawSend('GET', target, {}, Buffer.alloc(0));
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain('outside the web root');
    expect(response.body).not.toContain('SECRET');
  });

  it('answers a revalidation with 304 when the file has not changed (ETag)', async () => {
    const first = await fetch(`${base}/favicon.svg`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const again = await fetch(`${base}/favicon.svg`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers HEAD with headers only', async () => {
    const response = await fetch(`${base}/favicon.svg`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('6');
    expect(await response.text()).toBe('');
  });

  it('keeps API paths for the API even with a web client', async () => {
    expect((await fetch(`${base}/v1/users`)).status).toBe(401);
    expect((await fetch(`${base}/openapi.json`)).headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('says so when the web client is not built', async () => {
    await stop();
    await start({ webDir: path.join(tmp, 'not-built') });
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining('not built') as string } });
  });

  it('logs static files at DEBUG', async () => {
    await (await fetch(`${base}/favicon.svg`)).text();
    // The line is written once the file has been streamed, which may be just after the client has it all.
    await vi.waitFor(() =>
      expect(logs.at(-1)).toMatchObject({
        severity: 'DEBUG',
        httpRequest: { requestUrl: '/favicon.svg', status: 200, responseSize: '6' },
      }),
    );
  });
});
