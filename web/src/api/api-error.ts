/**
 * A failed API call, carrying the server's error envelope (`{ error: { code, message } }`) when there was one.
 * `status` 0 means the request never got an HTTP answer (offline, refused, CORS).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    /** The server's stable code (`unauthorized`, `not_an_image`, …) or `network_error` / `bad_response`. */
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** True when the endpoint itself does not exist on this server (older backend), as opposed to a missing record. */
export function isMissingEndpoint(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 405 || error.code === 'bad_response');
}
