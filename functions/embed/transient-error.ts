/**
 * Which failures of the embed step are worth a redelivery. Pub/Sub redelivers a message whose function fails (with
 * backoff, 5 deliveries, then the dead-letter topic) and the step is idempotent per object generation, so retrying
 * is safe; but a
 * retry only helps when the cause can go away by itself (an outage, a lock, a rate limit). Refusals (bad image,
 * unknown object) and programming errors would fail the same way every time and are acknowledged instead.
 */
import { AppError } from '../../shared/app/app-error.js';
import { InvalidEventError } from '../../shared/events/errors.js';
import { OUTAGE_CODES } from '../../shared/http/outage.js';

/** gRPC status codes (Pub/Sub, Cloud SQL connector): DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE. */
const TRANSIENT_GRPC = new Set([4, 8, 10, 14]);

/** True when retrying the same event later may succeed. Walks `cause` chains. */
export function isTransientError(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 5) return false;
  if (error instanceof AppError) return error.status === 503 || error.status === 429;
  if (error instanceof InvalidEventError) return false;
  // Bugs: the same input fails the same way on every delivery.
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return false;

  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
  if (typeof code === 'number') {
    // Cloud Storage's ApiError carries the HTTP status; gRPC errors carry small status codes.
    if (code === 408 || code === 429 || (code >= 500 && code <= 599)) return true;
    if (TRANSIENT_GRPC.has(code)) return true;
  }
  return isTransientError(cause, depth + 1);
}
