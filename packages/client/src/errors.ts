/**
 * Every failure of a FaceGate call is a FaceGateError: an HTTP status, the server's stable code and its message.
 * A denied verification is not an error (it is a result with `decision: 'denied'`); a refused request is.
 */

/** Codes the SDK itself produces when there was no usable answer from the server. */
export type ClientErrorCode = 'network_error' | 'bad_response' | 'enrollment_timeout';

/**
 * The codes a caller most often branches on; the server may send others (see `/openapi.json`), so the type stays
 * open to any string while still completing these.
 */
export type FaceGateErrorCode =
  | ClientErrorCode
  | 'unauthorized'
  | 'forbidden'
  | 'origin_not_allowed'
  | 'rate_limited'
  | 'locked_out'
  | 'not_found'
  | 'username_taken'
  | 'invalid_request'
  | 'not_an_image'
  | 'payload_too_large'
  | 'upload_too_large'
  | 'upload_expired'
  | (string & {});

export class FaceGateError extends Error {
  override readonly name: string = 'FaceGateError';
  constructor(
    /** HTTP status; 0 when no HTTP answer arrived (offline, refused, CORS). */
    readonly status: number,
    readonly code: FaceGateErrorCode,
    message: string,
    /** From `Retry-After` on 429 and 503 answers. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** True for a FaceGateError, optionally with one of `codes`. */
export function isFaceGateError(error: unknown, ...codes: FaceGateErrorCode[]): error is FaceGateError {
  return error instanceof FaceGateError && (codes.length === 0 || codes.includes(error.code));
}

/** A call's outcome as a value, for code that prefers branching to try/catch. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: FaceGateError };

/**
 * Settles `promise` into a Result: FaceGate failures become `{ ok: false, error }`; anything else (an abort, a bug)
 * still throws, so it is never mistaken for an answer from the server.
 */
export async function settle<T>(promise: Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (error instanceof FaceGateError) return { ok: false, error };
    throw error;
  }
}

/** True when the endpoint itself does not exist on this server (older backend), as opposed to a missing record. */
export function isMissingEndpoint(error: unknown): boolean {
  return (
    error instanceof FaceGateError && (error.status === 404 || error.status === 405 || error.code === 'bad_response')
  );
}
