/**
 * `template_changes`: an append-only log of which users' templates changed (added, deleted), numbered by an
 * increasing `seq`, written in the same transaction as the change. Erasing a user deletes the rows naming them
 * and logs the deletion under a one-way key only (domain/template-change-key.ts). The 1:N index of every instance reads the rows
 * after the last `seq` it saw and re-reads only those users, instead of reloading (and decrypting) a tenant.
 */
import type { Kysely, Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { COLUMN_LIMITS as L } from '../column-limits.js';
import { tableCreator } from './mysql-table-options.js';

export function templateChanges(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const createTable = await tableCreator(db, dialect);
      await createTable('template_changes')
        // SQLite: only an INTEGER PRIMARY KEY is the auto-numbered rowid.
        .addColumn('seq', dialect === 'mysql' ? 'bigint' : 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('tenant_id', `varchar(${L.id})`, (c) => c.notNull())
        // templateChangeKey(tenant, user), always; the user id too while the user exists (erasure removes it).
        .addColumn('user_key', 'varchar(32)', (c) => c.notNull())
        .addColumn('user_id', `varchar(${L.id})`)
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('template_changes_tenant_seq_idx')
        .on('template_changes')
        .columns(['tenant_id', 'seq'])
        .execute();
      // Readers also look back by time: a change numbered earlier may commit after a later one.
      await db.schema
        .createIndex('template_changes_tenant_created_idx')
        .on('template_changes')
        .columns(['tenant_id', 'created_at'])
        .execute();
    },
  };
}
