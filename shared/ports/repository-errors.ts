/**
 * Typed failures a repository reports instead of a driver error, the same on every database.
 * Not-found is not an error: lookups return null.
 */

/** A row would break a unique rule, e.g. a username already taken in the tenant. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    /** Which rule: `username`, `api_key_hash`, `capture_id`, `primary_key`, … (`unique` when unknown). */
    readonly constraint: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A row points at a row that does not exist (in this tenant), e.g. a template for a deleted user. */
export class MissingReferenceError extends Error {
  override readonly name = 'MissingReferenceError';
}

/**
 * The caller passed something the domain forbids or a column cannot hold the same way on every
 * database: an enrollment moving from `active` back to `pending`, a NaN in an embedding, a display
 * name longer than its column, a malformed cursor.
 */
export class InvalidInputError extends Error {
  override readonly name: string = 'InvalidInputError';
}

/** A page cursor the repositories did not make (tampered, truncated, from another listing): the caller's error. */
export class InvalidCursorError extends InvalidInputError {
  override readonly name = 'InvalidCursorError';
}
