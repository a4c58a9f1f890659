/**
 * The framework-agnostic shape of one HTTP exchange. The Functions Framework (Express) and the local node:http
 * server both translate to and from these, so every route is written and tested once.
 */

/** A fully buffered request. Header names are lower-case; repeated headers are joined with ", ". */
export interface HttpRequest {
  method: string;
  /** The raw (still percent-encoded) path, without the query string, e.g. `/v1/enrollments/enr_1`. */
  path: string;
  query: URLSearchParams;
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
  /** The client's address as the server sees it (after trusted proxies). */
  ip: string | undefined;
}

/** A complete response; `body` is sent as is (strings as UTF-8). */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** Anything that answers a request. */
export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

/** A JSON response with the right content type. */
export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

/** A response without a body (204, or a preflight answer). */
export function emptyResponse(status: number, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers };
}

/** The request target as it was asked for: path plus query string, if any. */
export function requestTarget(request: Pick<HttpRequest, 'path' | 'query'>): string {
  const query = request.query.toString();
  return query ? `${request.path}?${query}` : request.path;
}

/** Normalises Node's header object: lower-case names, arrays joined, so lookups are plain property reads. */
export function normaliseHeaders(
  headers: Readonly<Record<string, string | readonly string[] | number | undefined>>,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * Parses a request target. An origin-form target is always a path: `//host/x` stays the path `//host/x` instead of
 * being read as a protocol-relative URL naming another host, as `new URL(target, base)` would.
 */
export function parseRequestTarget(target: string | undefined): URL {
  const value = target ?? '/';
  try {
    return value.startsWith('/') ? new URL(`http://localhost${value}`) : new URL(value);
  } catch {
    return new URL('http://localhost/');
  }
}
