/**
 * node:http adapters: read a request body with a hard size cap, turn an IncomingMessage into an HttpRequest, and
 * write an HttpResponse to a ServerResponse. Express's req/res extend these classes, so the Functions Framework
 * entry point uses the same functions.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../app/app-error.js';
import type { HttpRequest, HttpResponse } from './http-message.js';
import { normaliseHeaders, parseRequestTarget } from './http-message.js';

/**
 * Reads the whole body, refusing one over `maxBytes`: from Content-Length before reading anything, and by
 * counting bytes as they arrive (chunked bodies have no length up front).
 * @throws AppError 413 with `code` (default `payload_too_large`); 400 `incomplete_body` if the client aborts.
 */
export function readNodeBody(request: IncomingMessage, maxBytes: number, code = 'payload_too_large'): Promise<Buffer> {
  const tooLarge = () => new AppError(413, code, `the request body exceeds ${maxBytes} bytes`);
  const declared = declaredLength(request);
  if (declared !== undefined && declared > maxBytes) return Promise.reject(tooLarge());

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        cleanup();
        // Stop buffering but keep draining, so the client can still read the 413 instead of a reset.
        request.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = () => {
      cleanup();
      reject(new AppError(400, 'incomplete_body', 'the request body could not be read'));
    };
    // A client that hangs up mid-body closes the request without an 'end'.
    const onClose = () => {
      if (!request.complete) onError();
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

/** The Content-Length header as a number, or undefined when absent or not a plain decimal. */
export function declaredLength(request: Pick<IncomingMessage, 'headers'>): number | undefined {
  const header = request.headers['content-length'];
  return header !== undefined && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
}

/** An HttpRequest for a node:http request whose body has been read. */
export function toHttpRequest(request: IncomingMessage, body: Buffer, ip = request.socket.remoteAddress): HttpRequest {
  const url = parseRequestTarget(request.url);
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: normaliseHeaders(request.headers),
    body,
    ip,
  };
}

/** Writes `response`; a HEAD request gets the headers only. */
export function writeHttpResponse(res: ServerResponse, response: HttpResponse, method = 'GET'): void {
  const body = response.body === undefined ? undefined : Buffer.from(response.body);
  const headers: Record<string, string> = { ...response.headers };
  if (body !== undefined) headers['Content-Length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' ? undefined : body);
}
