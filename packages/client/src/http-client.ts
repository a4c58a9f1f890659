/**
 * fetch with the FaceGate conventions: `Authorization: Bearer <key>`, JSON in and out, and every failure turned
 * into a FaceGateError with the server's code and message. Only fetch, FormData and Blob: the same code runs in
 * browsers, React Native / Expo and Node 20+.
 */
import { FaceGateError } from './errors.js';
import type { ErrorEnvelope } from './wire-types.js';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal;
}

/** A key, or a function that returns the current one (null: send none, and the server answers 401). */
export type ApiKeySource = string | (() => string | null);

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export class HttpClient {
  private readonly fetchImpl: FetchLike;

  constructor(
    private readonly apiKey: ApiKeySource,
    private readonly baseUrl = '',
    fetchImpl?: FetchLike,
    /** Sent with every request, e.g. `Origin` from a Node test of a publishable key. */
    private readonly headers: Record<string, string> = {},
  ) {
    // Bound late: a bare `fetch` reference would lose its receiver in some browsers ("Illegal invocation").
    this.fetchImpl = fetchImpl ?? ((input, init) => fetch(input, init));
  }

  /** Sends a request and parses a JSON answer; a 204 resolves to undefined. */
  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: RequestInit['body'];
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      body = options.form;
    }
    const response = await this.send(this.url(path, options.query), {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: options.signal,
    });
    if (response.status === 204) return undefined as T;
    const parsed = await readJson(response);
    if (parsed === undefined) {
      throw new FaceGateError(response.status, 'bad_response', `Expected JSON from ${path}, got something else`);
    }
    return parsed as T;
  }

  /** GETs a binary resource (a stored photo) as a Blob, with the same key and error handling as `request`. */
  async blob(path: string, signal?: AbortSignal): Promise<Blob> {
    return (await this.send(this.url(path), { headers: {}, signal })).blob();
  }

  /**
   * One fetch with the key and the fixed headers added; a network failure becomes `network_error` (an abort stays
   * an abort) and a non-2xx answer the server's error.
   */
  private async send(url: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
    const headers = { ...init.headers, ...this.headers };
    const key = typeof this.apiKey === 'function' ? this.apiKey() : this.apiKey;
    if (key) headers.Authorization = `Bearer ${key}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, { ...init, headers });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new FaceGateError(
        0,
        'network_error',
        'The server could not be reached. Check your connection and try again.',
      );
    }
    if (!response.ok) throw errorFrom(response, await readJson(response));
    return response;
  }

  /** The absolute (or page-relative, for an empty base URL) URL of `path`. */
  url(path: string, query?: RequestOptions['query']): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') params.set(name, String(value));
    }
    const search = params.toString();
    return `${this.baseUrl.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`;
  }

  /** The fetch this client uses, for requests that are not API calls (the signed upload). */
  get fetch(): FetchLike {
    return this.fetchImpl;
  }
}

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** The body as JSON, or undefined when it is not JSON (an HTML page from a proxy, an empty body). */
async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    const parsed: unknown = await response.json();
    return parsed;
  } catch {
    return undefined;
  }
}

/** A FaceGateError from a non-2xx answer: the JSON error envelope when there is one, else the status. */
export function errorFrom(response: Response, body: unknown): FaceGateError {
  const retryAfter = Number(response.headers.get('Retry-After'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  const envelope = body as Partial<ErrorEnvelope> | undefined;
  const code = envelope?.error?.code;
  const message = envelope?.error?.message;
  if (typeof code === 'string' && typeof message === 'string') {
    return new FaceGateError(response.status, code, message, retryAfterSeconds);
  }
  return new FaceGateError(
    response.status,
    `http_${response.status}`,
    `The server answered ${response.status}`,
    retryAfterSeconds,
  );
}
