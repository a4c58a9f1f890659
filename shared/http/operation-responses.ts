/**
 * The pieces every documented operation is built from: JSON content, the error responses and the security
 * requirements (see login-operations.ts and operator-operations.ts).
 */
import type { ResponseConfig, ZodRequestBody } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { errorBody } from './response-schemas.js';

export const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

export const jsonBody = (schema: z.ZodType): ZodRequestBody => ({ required: true, content: json(schema) });

export const ok = (description: string, schema: z.ZodType): ResponseConfig => ({ description, content: json(schema) });

const failure = (description: string): ResponseConfig => ({ description, content: json(errorBody) });

const retryAfter = { description: 'Seconds to wait before retrying.', schema: { type: 'integer' as const } };

export const errors = {
  badRequest: failure(
    'Malformed JSON (`invalid_json`), multipart (`invalid_multipart`) or fields (`invalid_request`).',
  ),
  notFound: failure('No such resource in this tenant.'),
  conflict: failure('The request conflicts with stored state, e.g. the username is taken.'),
  payloadTooLarge: failure('The body or the image exceeds the size limit.'),
  unsupportedMediaType: failure('The Content-Type is not accepted here.'),
  unprocessable: failure('The image cannot be used, e.g. `not_an_image`, `no_face`, `multiple_faces`.'),
  windowTooLarge: failure(
    'The window holds more attempts than FACEGATE_METRICS_MAX_ATTEMPTS (`window_too_large`): ask for a shorter one.',
  ),
  internal: failure('Unexpected failure; the body never carries internals.'),
  /** error-envelope.ts: a passing dependency outage (outage.ts) becomes 503 `unavailable`, never a 500. */
  unavailable: {
    description:
      'Briefly unavailable: a dependency (the database) is unreachable (`unavailable`), or the model the tenant ' +
      'uses is not loaded (`model_unavailable`). Nothing was changed; retry after `Retry-After`.',
    headers: { 'Retry-After': retryAfter },
    content: json(errorBody),
  } satisfies ResponseConfig,
};

/** The error responses every authenticated operation can give: each authenticates against the database first. */
export const authErrors: Record<string, ResponseConfig> = {
  '401': failure('Missing, unknown or revoked API key.'),
  '403': failure('The key may not do this (e.g. a client key on an operator route).'),
  '500': errors.internal,
  '503': errors.unavailable,
};

/**
 * The 429 of the operations that count against the rate limits (enforce-rate-limits.ts: enrollment, challenge,
 * verify, identify); verify also answers `locked_out`.
 */
export const rateLimited: Record<string, ResponseConfig> = {
  '429': {
    description:
      'Too many attempts: `rate_limited` (this client IP or API key, FACEGATE_RATE_LIMIT_*) or, on verify, ' +
      '`locked_out` (the account, after repeated failed logins; to operator keys only: a client key is told ' +
      '`not_verified`).',
    headers: { 'Retry-After': retryAfter },
    content: json(errorBody),
  },
};

/** The errors of an operation that takes a JSON body (the size limit holds for every body: api-handler.ts). */
export const jsonBodyErrors: Record<string, ResponseConfig> = {
  '400': errors.badRequest,
  '413': errors.payloadTooLarge,
  '415': errors.unsupportedMediaType,
};

/** The errors of an operation that reads a capture. */
export const imageErrors: Record<string, ResponseConfig> = {
  '400': errors.badRequest,
  '413': errors.payloadTooLarge,
  '415': errors.unsupportedMediaType,
  '422': errors.unprocessable,
};

/** An operation anyone may call: no API key. */
export const anonymous = { security: [] };
