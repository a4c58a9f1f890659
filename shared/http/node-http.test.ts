import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../app/app-error.js';
import { fromFrameworkRequest } from './functions-framework-request.js';
import type { FrameworkRequest } from './functions-framework-request.js';
import { readNodeBody, toHttpRequest, writeHttpResponse } from './node-http.js';

const LIMIT = 1000;
let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** Starts a server that reads each body with readNodeBody and reports what happened as JSON. */
async function bodyEchoServer(): Promise<number> {
  server = createServer((req, res) => {
    readNodeBody(req, LIMIT).then(
      (body) => writeHttpResponse(res, { status: 200, headers: {}, body: JSON.stringify({ length: body.length }) }),
      (error: unknown) => {
        const e = error as AppError;
        writeHttpResponse(res, {
          status: e.status,
          headers: { Connection: 'close' },
          body: JSON.stringify({ code: e.code }),
        });
      },
    );
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Sends `chunks` (chunked unless `contentLength` is given) and resolves with status and body. */
function send(port: number, chunks: Buffer[], contentLength?: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        headers: contentLength === undefined ? {} : { 'content-length': contentLength },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('readNodeBody', () => {
  it('reads a body up to the limit, with or without Content-Length', async () => {
    const port = await bodyEchoServer();
    expect(await send(port, [Buffer.alloc(LIMIT)], LIMIT)).toEqual({ status: 200, body: '{"length":1000}' });
    expect(await send(port, [Buffer.alloc(600), Buffer.alloc(400)])).toEqual({ status: 200, body: '{"length":1000}' });
  });

  it('refuses a declared length over the limit before reading, and a chunked body once it passes the limit', async () => {
    const port = await bodyEchoServer();
    expect(await send(port, [], LIMIT + 1)).toEqual({ status: 413, body: '{"code":"payload_too_large"}' });
    expect(await send(port, [Buffer.alloc(700), Buffer.alloc(700)])).toEqual({
      status: 413,
      body: '{"code":"payload_too_large"}',
    });
  });

  it('uses the caller’s code for the 413', async () => {
    const fake = { headers: { 'content-length': '5000' } } as unknown as IncomingMessage;
    const refusal = readNodeBody(fake, 10, 'too_large');
    await expect(refusal).rejects.toBeInstanceOf(AppError);
    await expect(refusal).rejects.toMatchObject({ status: 413, code: 'too_large' });
  });
});

describe('toHttpRequest and writeHttpResponse', () => {
  it('splits path and query and lower-cases headers', () => {
    const incoming = {
      method: 'post',
      url: '/v1/users?search=a%20b&limit=2',
      headers: { 'content-type': 'application/json', 'x-multi': ['a', 'b'] },
      socket: { remoteAddress: '10.0.0.1' },
    } as unknown as IncomingMessage;
    const request = toHttpRequest(incoming, Buffer.from('{}'));
    expect(request).toMatchObject({ method: 'POST', path: '/v1/users', ip: '10.0.0.1' });
    expect(request.query.get('search')).toBe('a b');
    expect(request.headers['x-multi']).toBe('a, b');
  });

  it('keeps a target starting with // as a path, not another host', () => {
    const incoming = {
      method: 'GET',
      url: '//evil.example/v1/users?x=1',
      headers: {},
      socket: {},
    } as unknown as IncomingMessage;
    const request = toHttpRequest(incoming, Buffer.alloc(0));
    expect(request.path).toBe('//evil.example/v1/users');
    expect(request.query.get('x')).toBe('1');
  });

  it('sends headers only for HEAD, with the body length', async () => {
    server = createServer((req, res) =>
      writeHttpResponse(res, { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'héllo' }, req.method),
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('6');
    expect(await head.text()).toBe('');
    expect(await (await fetch(url)).text()).toBe('héllo');
  });
});

describe('fromFrameworkRequest', () => {
  const base = {
    method: 'POST',
    url: '/rewritten',
    originalUrl: '/v1/verify?x=1',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9, 198.51.100.4' },
    socket: { remoteAddress: '10.0.0.1' },
    // What Express's `trust proxy` makes of the header: the client's own leftmost entry, never used.
    ip: '203.0.113.9',
  };

  it('prefers the raw bytes the framework kept over its parsed body', () => {
    const request = fromFrameworkRequest({
      ...base,
      rawBody: Buffer.from('{"a":1}'),
      body: { a: 1 },
    } as unknown as FrameworkRequest);
    expect(request.body.toString()).toBe('{"a":1}');
    expect(request).toMatchObject({ path: '/v1/verify', ip: '198.51.100.4' });
    expect(request.query.get('x')).toBe('1');
  });

  it('falls back to a Buffer or string body, and to an empty one', () => {
    const buffer = fromFrameworkRequest({ ...base, body: Buffer.from('abc') } as unknown as FrameworkRequest);
    expect(buffer.body.toString()).toBe('abc');
    const text = fromFrameworkRequest({ ...base, body: 'text' } as unknown as FrameworkRequest);
    expect(text.body.toString()).toBe('text');
    const none = fromFrameworkRequest({ ...base, body: { parsed: true } } as unknown as FrameworkRequest);
    expect(none.body.length).toBe(0);
  });
});
