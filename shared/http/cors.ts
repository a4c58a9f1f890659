/**
 * CORS for browser clients. The API authenticates with bearer keys in a header, not cookies, so allowing any
 * origin (`*`) exposes nothing a script could not already send; deployments that want a list can give one.
 */
import type { HttpRequest, HttpResponse } from './http-message.js';
import { emptyResponse } from './http-message.js';

export interface CorsOptions {
  /** `*` (the default) or the exact origins allowed, e.g. `['https://app.example.com']`. */
  origins?: '*' | readonly string[];
  /** Methods announced in preflight answers; the API handler passes the methods its routes serve. */
  methods?: readonly string[];
  /** Request headers a browser may send. `Authorization` must be listed: the `*` wildcard does not cover it. */
  allowHeaders?: readonly string[];
  /** Response headers scripts may read. */
  exposeHeaders?: readonly string[];
  /** How long a browser may cache a preflight answer, in seconds. */
  maxAgeSeconds?: number;
}

const DEFAULTS = {
  origins: '*',
  methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Authorization', 'Content-Type', 'X-Cloud-Trace-Context'],
  exposeHeaders: ['Retry-After', 'Location'],
  maxAgeSeconds: 600,
} as const satisfies Required<CorsOptions>;

/** The CORS headers to add to an actual (non-preflight) response; none when the origin is not allowed. */
export function corsHeaders(request: Pick<HttpRequest, 'headers'>, options: CorsOptions = {}): Record<string, string> {
  const origin = request.headers.origin;
  const allowed = options.origins ?? DEFAULTS.origins;
  const headers: Record<string, string> = {};
  if (allowed === '*') {
    headers['Access-Control-Allow-Origin'] = '*';
  } else {
    // The answer depends on the Origin header, so shared caches must keep one copy per origin.
    headers.Vary = 'Origin';
    if (origin === undefined || !allowed.includes(origin)) return headers;
    headers['Access-Control-Allow-Origin'] = origin;
  }
  headers['Access-Control-Expose-Headers'] = (options.exposeHeaders ?? DEFAULTS.exposeHeaders).join(', ');
  return headers;
}

/** The answer to an `OPTIONS` request: 204 with the preflight headers when the origin is allowed. */
export function preflightResponse(request: Pick<HttpRequest, 'headers'>, options: CorsOptions = {}): HttpResponse {
  const methods = (options.methods ?? DEFAULTS.methods).join(', ');
  const headers: Record<string, string> = { Allow: methods, ...corsHeaders(request, options) };
  if (headers['Access-Control-Allow-Origin'] !== undefined) {
    delete headers['Access-Control-Expose-Headers'];
    headers['Access-Control-Allow-Methods'] = methods;
    headers['Access-Control-Allow-Headers'] = (options.allowHeaders ?? DEFAULTS.allowHeaders).join(', ');
    headers['Access-Control-Max-Age'] = String(options.maxAgeSeconds ?? DEFAULTS.maxAgeSeconds);
  }
  return emptyResponse(204, headers);
}
