/**
 * fetch with the FaceGate conventions: `Authorization: Bearer <key>`, JSON in and out, and every failure turned
 * into an ApiError with the server's code and message.
 */
import { ApiError } from './api-error.js';
import type { ErrorEnvelope } from './wire-types.js';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal;
}

export class HttpClient {
  constructor(
    /** Returns the API key to send, or null to send none (the server then answers 401). */
    private readonly apiKey: () => string | null,
    private readonly baseUrl = '',
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /** Sends a request and parses a JSON answer; a 204 resolves to undefined. */
  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const key = this.apiKey();
    if (key) headers.Authorization = `Bearer ${key}`;
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      body = options.form;
    }

    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, options.query), {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        body,
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection and try again.');
    }
    if (response.status === 204) return undefined as T;
    const parsed = await readJson(response);
    if (!response.ok) throw errorFrom(response, parsed);
    if (parsed === undefined) {
      throw new ApiError(response.status, 'bad_response', `Expected JSON from ${path}, got something else`);
    }
    return parsed as T;
  }

  /** GETs a binary resource (a stored photo) as a Blob, with the same key and error handling as `request`. */
  async blob(path: string, signal?: AbortSignal): Promise<Blob> {
    const key = this.apiKey();
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, undefined), {
        headers: key ? { Authorization: `Bearer ${key}` } : {},
        signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection and try again.');
    }
    if (!response.ok) throw errorFrom(response, await readJson(response));
    return response.blob();
  }

  private url(path: string, query: RequestOptions['query']): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') params.set(name, String(value));
    }
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }
}

/** The body as JSON, or undefined when it is not JSON (an HTML page from a proxy, an empty body). */
async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

function errorFrom(response: Response, body: unknown): ApiError {
  const retryAfter = Number(response.headers.get('Retry-After'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  const envelope = body as Partial<ErrorEnvelope> | undefined;
  const code = envelope?.error?.code;
  const message = envelope?.error?.message;
  if (typeof code === 'string' && typeof message === 'string') {
    return new ApiError(response.status, code, message, retryAfterSeconds);
  }
  return new ApiError(
    response.status,
    `http_${response.status}`,
    `The server answered ${response.status}`,
    retryAfterSeconds,
  );
}
