/**
 * The one error type use cases throw for anything the caller did wrong or may not do. It carries the HTTP status
 * it maps to, so the API layer renders `{ error: { code, message } }` without knowing the domain.
 */
export type AppErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503;

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly status: AppErrorStatus,
    /** Stable machine-readable code, e.g. `username_taken`, `not_an_image`. */
    readonly code: string,
    message: string,
    readonly extra: { retryAfterSeconds?: number; details?: unknown } = {},
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, { details });
export const unauthorized = (message = 'A valid API key is required: Authorization: Bearer <key>') =>
  new AppError(401, 'unauthorized', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
