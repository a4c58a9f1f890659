/**
 * Builders of HttpRequest values for router tests: JSON, multipart (encoded by the platform's own FormData, so the
 * bytes are what a browser sends) and raw bodies.
 */
import type { HttpRequest } from './http-message.js';

export interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  ip?: string;
}

/** A request for `target` (path plus optional query). Header names are lower-cased as the adapters do. */
export function httpRequest(target: string, init: RequestInit = {}): HttpRequest {
  const url = new URL(target, 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    method: init.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: typeof init.body === 'string' ? Buffer.from(init.body) : (init.body ?? Buffer.alloc(0)),
    ip: init.ip ?? '203.0.113.7',
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** A JSON POST. `body` is serialised unless it is already a string. */
export function jsonRequest(target: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') {
  return httpRequest(target, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface FormPart {
  name: string;
  value: string | { bytes: Uint8Array; filename: string; type: string };
}

/** A multipart/form-data POST, encoded by `FormData` exactly as fetch would send it. */
export async function multipartRequest(target: string, parts: FormPart[], headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const part of parts) {
    if (typeof part.value === 'string') form.append(part.name, part.value);
    else form.append(part.name, new Blob([part.value.bytes], { type: part.value.type }), part.value.filename);
  }
  const encoded = new Request('http://localhost/', { method: 'POST', body: form });
  return httpRequest(target, {
    method: 'POST',
    headers: { 'content-type': encoded.headers.get('content-type') ?? '', ...headers },
    body: Buffer.from(await encoded.arrayBuffer()),
  });
}

/** The parsed JSON body of a response. */
export function bodyJson(response: { body?: string | Uint8Array }): unknown {
  const body = response.body;
  if (body === undefined) return undefined;
  return JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
}
