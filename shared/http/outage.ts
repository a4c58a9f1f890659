/**
 * Failures of a dependency that pass by themselves (the database restarting, a lost connection, a lock): the
 * request was fine, so the client gets 503 with Retry-After rather than 500. Walks `cause` chains, as drivers and
 * Kysely wrap the original error.
 */
/** Node, mysql2 and SQLite codes of failures that pass: network trouble, lost connections, locks, a shutdown. */
export const OUTAGE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** MySQL server errors of a server going away or starting up: 1053 shutdown, 2002/2003/2006/2013 connection. */
const OUTAGE_ERRNOS = new Set([1053, 2002, 2003, 2006, 2013]);

/** Seconds a client is told to wait before retrying during an outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 5) return false;
  const { code, errno, cause, errors } = error as {
    code?: unknown;
    errno?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
  if (typeof errno === 'number' && OUTAGE_ERRNOS.has(errno)) return true;
  // A connection attempt to several addresses fails with an AggregateError of the attempts.
  if (Array.isArray(errors) && errors.some((e) => isDependencyOutage(e, depth + 1))) return true;
  return isDependencyOutage(cause, depth + 1);
}
