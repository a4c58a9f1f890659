/**
 * The one error body every endpoint returns: `{ "error": { "code", "message", "details"? } }`. An AppError keeps
 * its status, code and message; anything else becomes a generic 500 so internals (messages, stacks, SQL) never
 * reach a client.
 */
import { AppError } from '../app/app-error.js';
import type { HttpResponse } from './http-message.js';
import { jsonResponse } from './http-message.js';
import { isDependencyOutage, OUTAGE_RETRY_AFTER_SECONDS } from './outage.js';

/** The JSON body of every error response. */
export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
}

/** What clients see for an unexpected failure: deliberately says nothing about the cause. */
export const INTERNAL_ERROR_MESSAGE = 'The server could not complete the request. Please try again later.';

/** What clients see while a dependency (the database) is unreachable: nothing about which one. */
export const OUTAGE_MESSAGE = 'The service is briefly unavailable. Retry after the time in Retry-After.';

/** An error response with an explicit status and code (for statuses AppError does not carry, such as 405). */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  options: { details?: unknown; headers?: Record<string, string> } = {},
): HttpResponse {
  const error: ErrorEnvelope['error'] = { code, message };
  if (options.details !== undefined) error.details = options.details;
  return jsonResponse(status, { error } satisfies ErrorEnvelope, options.headers);
}

/**
 * The response for a thrown value: an AppError as itself (with `Retry-After` for a 429 or 503 that says when to
 * retry), a passing dependency outage (./outage.ts: the database restarting) as 503 `unavailable` with
 * `Retry-After`, anything else as 500 `internal`. The caller logs the non-AppError case; see `isExpectedError`.
 */
export function responseForError(error: unknown): HttpResponse {
  if (!isExpectedError(error) && isDependencyOutage(error)) {
    return errorResponse(503, 'unavailable', OUTAGE_MESSAGE, {
      headers: { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) },
    });
  }
  if (!isExpectedError(error)) return errorResponse(500, 'internal', INTERNAL_ERROR_MESSAGE);
  const headers: Record<string, string> = {};
  const retryAfter = error.extra.retryAfterSeconds;
  if ((error.status === 429 || error.status === 503) && retryAfter !== undefined && Number.isFinite(retryAfter)) {
    headers['Retry-After'] = String(Math.max(0, Math.ceil(retryAfter)));
  }
  return errorResponse(error.status, error.code, error.message, { details: error.extra.details, headers });
}

/** True for errors that are part of the contract (AppError); everything else is a bug or an outage. */
export function isExpectedError(error: unknown): error is AppError {
  return error instanceof AppError;
}
