/**
 * The Functions Framework's Express request as an HttpRequest. The framework has already read and parsed the
 * body; `rawBody` keeps the bytes as sent, which is what the router parses (multipart, or JSON re-parsed with our
 * own error codes).
 */
import type { IncomingMessage } from 'node:http';
import { clientAddress } from './client-address.js';
import type { HttpRequest } from './http-message.js';
import { parseRequestTarget } from './http-message.js';
import { toHttpRequest } from './node-http.js';

/** The parts of the framework's request this adapter reads (a structural type: no Express import needed). */
export type FrameworkRequest = IncomingMessage & {
  rawBody?: Buffer;
  body?: unknown;
  originalUrl?: string;
};

/**
 * Converts the framework's request. The client address is read from X-Forwarded-For as Google's front end appends
 * to it (client-address.ts), never from the framework's `req.ip`, which is the client's own leftmost entry.
 */
export function fromFrameworkRequest(
  request: FrameworkRequest,
  options: { trustedProxyHops?: number } = {},
): HttpRequest {
  const forwardedFor = request.headers['x-forwarded-for'];
  const ip = clientAddress(
    Array.isArray(forwardedFor) ? forwardedFor.join(', ') : forwardedFor,
    request.socket.remoteAddress,
    options.trustedProxyHops,
  );
  const converted = toHttpRequest(request, bufferedBody(request), ip);
  if (request.originalUrl) {
    // Express rewrites `url` when a router is mounted; `originalUrl` is what the client asked for.
    const url = parseRequestTarget(request.originalUrl);
    converted.path = url.pathname;
    converted.query = url.searchParams;
  }
  return converted;
}

function bufferedBody(request: FrameworkRequest): Buffer {
  if (request.rawBody) return request.rawBody;
  const body = request.body;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  return Buffer.alloc(0);
}
