/**
 * Per-tenant model selection: which embedder version a tenant's verify, identify and enrollment use when it differs
 * from the manifest's default, and which version a running re-embed is filling (enrollments write that one too).
 * One row per tenant that overrides anything; no row means "the manifest's default, no re-embed".
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { COLUMN_LIMITS as L } from '../column-limits.js';

/** MySQL: the collation the initial schema chose for `tenants`, so the new table compares text the same way. */
async function tenantsCollation(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ collation: string | null }>`select table_collation as collation
    from information_schema.tables where table_schema = database() and table_name = 'tenants'`.execute(db);
  return rows[0]?.collation ?? 'utf8mb4_bin';
}

export function tenantModelSettings(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      let table = db.schema
        .createTable('tenant_model_settings')
        .addColumn('tenant_id', `varchar(${L.id})`, (c) => c.primaryKey())
        .addColumn('active_model_version', `varchar(${L.modelVersion})`)
        .addColumn('reembed_target', `varchar(${L.modelVersion})`)
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addForeignKeyConstraint('tenant_model_settings_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) =>
          c.onDelete('cascade'),
        );
      if (dialect === 'mysql') {
        const collation = await tenantsCollation(db);
        table = table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=${sql.raw(collation)}`);
      }
      await table.execute();
    },
  };
}
