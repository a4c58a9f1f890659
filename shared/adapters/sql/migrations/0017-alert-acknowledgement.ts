/**
 * An operator acknowledges an alert in the console: when and by which key, so the open ones stand out and the
 * audit log says who looked at what. Null while nobody has.
 */
import type { Kysely, Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { COLUMN_LIMITS as L } from '../column-limits.js';

export function alertAcknowledgement(_dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('alerts').addColumn('acknowledged_at', 'bigint').execute();
      await db.schema.alterTable('alerts').addColumn('acknowledged_by', `varchar(${L.id})`).execute();
    },
  };
}
