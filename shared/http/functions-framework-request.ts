/**
 * The Functions Framework's Express request as an HttpRequest. The framework has already read and parsed the
 * body; `rawBody` keeps the bytes as sent, which is what the router parses (multipart, or JSON re-parsed with our
 * own error codes).
 */
import type { IncomingMessage } from 'node:http';
import type { HttpRequest } from './http-message.js';
import { parseRequestTarget } from './http-message.js';
import { toHttpRequest } from './node-http.js';

/** The parts of the framework's request this adapter reads (a structural type: no Express import needed). */
export type FrameworkRequest = IncomingMessage & {
  rawBody?: Buffer;
  body?: unknown;
  /** Client address after `trust proxy` (the framework enables it). */
  ip?: string;
  originalUrl?: string;
};

/** Converts the framework's request. */
export function fromFrameworkRequest(request: FrameworkRequest): HttpRequest {
  const converted = toHttpRequest(request, bufferedBody(request), request.ip ?? request.socket.remoteAddress);
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
