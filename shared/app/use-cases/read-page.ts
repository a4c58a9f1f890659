import { InvalidCursorError } from '../../ports/repository-errors.js';
import { badRequest } from '../app-error.js';

/**
 * Loads one page of a listing; a cursor the repositories refuse is the client's mistake (400 `invalid_cursor`),
 * not a server error. Found by `npm run fuzz`: a forged `cursor` query parameter used to answer 500.
 */
export async function readPage<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw badRequest('invalid_cursor', 'The cursor is not one this listing returned');
    throw error;
  }
}
