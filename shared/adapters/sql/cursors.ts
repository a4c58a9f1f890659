/**
 * Opaque page cursors. Keyset pagination (continue after the last row seen) stays correct while
 * rows are added and costs the same on page 1 and page 1000.
 */
import { InvalidCursorError } from '../../ports/repository-errors.js';

/** Cursor after a row of a newest-first list ordered by (created_at, id). */
export function encodeTimeCursor(createdAt: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id]), 'utf8').toString('base64url');
}

/** @throws InvalidInputError for a cursor this module did not make. */
export function decodeTimeCursor(cursor: string): { createdAt: number; id: string } {
  const value = parse(cursor);
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'number' || typeof value[1] !== 'string') {
    throw new InvalidCursorError('malformed cursor');
  }
  return { createdAt: value[0], id: value[1] };
}

/** Cursor after a row of a list ordered by one unique text key. */
export function encodeKeyCursor(key: string): string {
  return Buffer.from(JSON.stringify([key]), 'utf8').toString('base64url');
}

/** @throws InvalidInputError for a cursor this module did not make. */
export function decodeKeyCursor(cursor: string): string {
  const value = parse(cursor);
  if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== 'string')
    throw new InvalidCursorError('malformed cursor');
  return value[0];
}

function parse(cursor: string): unknown {
  if (typeof cursor !== 'string' || cursor.length > 1024 || !/^[A-Za-z0-9_-]*$/.test(cursor)) {
    throw new InvalidCursorError('malformed cursor');
  }
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('malformed cursor');
  }
}
