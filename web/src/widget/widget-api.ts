/**
 * The API client an element uses: its `api-base` attribute (default: the page's own origin) and its
 * `publishable-key` attribute, read at each request so a page can hand over a new key without re-creating it.
 */
import { ApiError } from '../api/api-error.js';
import { FaceGateApi } from '../api/facegate-api.js';
import type { ErrorDetail } from './widget-events.js';

export function elementApi(element: HTMLElement): FaceGateApi {
  const base = (element.getAttribute('api-base') ?? '').replace(/\/+$/, '');
  return new FaceGateApi(() => element.getAttribute('publishable-key'), base);
}

/** An error as the `facegate-error` event's detail. */
export function errorDetail(error: unknown): ErrorDetail {
  if (error instanceof ApiError) {
    return {
      code: error.code,
      status: error.status,
      message: error.message,
      ...(error.retryAfterSeconds ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    };
  }
  return { code: 'client_error', status: 0, message: error instanceof Error ? error.message : String(error) };
}
