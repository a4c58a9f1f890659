/**
 * What every SQL repository is built from: the query builder (the database or an open transaction),
 * the dialect, the template cipher and the clock.
 */
import type { Kysely } from 'kysely';
import type { TemplateCipher } from '../../crypto/template-cipher.js';
import type { SqlDialectName } from './database-url.js';
import { translateDriverError } from './driver-errors.js';
import type { FacegateSchema } from './schema.js';

export interface SqlContext {
  /** The database, or the transaction when `inTransaction`. */
  readonly db: Kysely<FacegateSchema>;
  readonly dialect: SqlDialectName;
  readonly cipher: TemplateCipher;
  /** Epoch milliseconds; injected so retention and ordering can be tested. */
  readonly now: () => number;
  readonly inTransaction: boolean;
}

/** Runs `work` in a transaction, or inside the current one when there is one (no nesting). */
export async function withTransaction<T>(ctx: SqlContext, work: (ctx: SqlContext) => Promise<T>): Promise<T> {
  if (ctx.inTransaction) return work(ctx);
  return ctx.db.transaction().execute((trx) => work({ ...ctx, db: trx, inTransaction: true }));
}

/** Runs a statement and rethrows constraint violations as the ports' typed errors. */
export async function guarded<T>(statement: () => Promise<T>): Promise<T> {
  try {
    return await statement();
  } catch (error) {
    throw translateDriverError(error);
  }
}
