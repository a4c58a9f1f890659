/**
 * Online metrics and drift monitoring:
 *
 * - `attempts` gains the capture's quality features, the liveness score, and the operator's label (the ground
 *   truth behind the online FAR/FRR estimates).
 * - `capture_observations` keeps the statistics of every capture (`capture.observed.v1`): numeric features as
 *   JSON (a new quality feature needs no migration), the score, the model version; keyed by the event id, so a
 *   redelivered event is stored once.
 * - `drift_reports` keeps every run of the drift check: both windows, per-feature statistics, what moved.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { COLUMN_LIMITS as L } from '../column-limits.js';

const id = `varchar(${L.id})` as const;

export function monitoringSchema(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // Tables inherit the database's collation on MySQL; 0001 picked a byte-wise one per table, copy it.
      let tableOptions = sql``;
      if (dialect === 'mysql') {
        const { rows } = await sql<{ collation: string }>`select table_collation as collation
          from information_schema.tables where table_schema = database() and table_name = 'attempts'`.execute(db);
        const collation = rows[0]?.collation ?? 'utf8mb4_bin';
        tableOptions = sql`engine=InnoDB default charset=utf8mb4 collate=${sql.raw(collation)}`;
      }
      const createTable = (name: string) =>
        dialect === 'mysql' ? db.schema.createTable(name).modifyEnd(tableOptions) : db.schema.createTable(name);

      // Migration 0002 (security) adds liveness_score too; whichever runs first adds it, the other leaves it.
      const attempts = (await db.introspection.getTables()).find((t) => t.name === 'attempts');
      const existing = new Set(attempts?.columns.map((c) => c.name));
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      for (const [name, type] of [
        ['quality', 'text'],
        ['liveness_score', 'double precision'],
        ['label', `varchar(${L.attemptLabel})`],
        ['label_note', `varchar(${L.labelNote})`],
        ['labelled_by', id],
        ['labelled_at', 'bigint'],
      ] as const) {
        if (!existing.has(name)) await db.schema.alterTable('attempts').addColumn(name, sql.raw(type)).execute();
      }

      await createTable('capture_observations')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('kind', `varchar(${L.kind})`, (c) => c.notNull())
        .addColumn('outcome', `varchar(${L.kind})`, (c) => c.notNull())
        .addColumn('model_version', `varchar(${L.modelVersion})`, (c) => c.notNull())
        .addColumn('features', 'text', (c) => c.notNull())
        .addColumn('score', 'double precision')
        .addColumn('liveness_score', 'double precision')
        .addColumn('observed_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addForeignKeyConstraint('capture_observations_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) =>
          c.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createIndex('capture_observations_window_idx')
        .on('capture_observations')
        .columns(['tenant_id', 'model_version', 'observed_at'])
        .execute();

      await createTable('drift_reports')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('model_version', `varchar(${L.modelVersion})`, (c) => c.notNull())
        .addColumn('status', `varchar(${L.status})`, (c) => c.notNull())
        .addColumn('severity', `varchar(${L.status})`)
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('window_end', 'bigint', (c) => c.notNull())
        .addColumn('window_count', 'integer', (c) => c.notNull())
        .addColumn('reference_start', 'bigint', (c) => c.notNull())
        .addColumn('reference_end', 'bigint', (c) => c.notNull())
        .addColumn('reference_count', 'integer', (c) => c.notNull())
        .addColumn('moved', 'text', (c) => c.notNull())
        .addColumn('features', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addForeignKeyConstraint('drift_reports_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) =>
          c.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createIndex('drift_reports_tenant_created_idx')
        .on('drift_reports')
        .columns(['tenant_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('templates_tenant_model_created_idx')
        .on('templates')
        .columns(['tenant_id', 'model_version', 'created_at'])
        .execute();
    },
  };
}
