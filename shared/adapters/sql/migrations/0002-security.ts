/**
 * Security state: per-account lockout counters, rate-limit counters, recorded alerts with their webhook delivery,
 * the tenant's alert webhook, and the liveness score of each attempt. Every new table is tenant-owned and leads
 * its keys with `tenant_id`; lockouts follow their user (deleted with it).
 */
import type { Kysely, Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { COLUMN_LIMITS as L } from '../column-limits.js';
import { tableCreator } from './mysql-table-options.js';

const id = `varchar(${L.id})` as const;

export function securitySchema(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const createTable = await tableCreator(db, dialect);

      // Migration 0003 (monitoring) adds liveness_score too; whichever runs first adds it, the other leaves it.
      const attempts = (await db.introspection.getTables()).find((t) => t.name === 'attempts');
      if (!attempts?.columns.some((c) => c.name === 'liveness_score')) {
        await db.schema.alterTable('attempts').addColumn('liveness_score', 'double precision').execute();
      }
      await db.schema.alterTable('tenants').addColumn('webhook_url', `varchar(${L.webhookUrl})`).execute();
      await db.schema.alterTable('tenants').addColumn('webhook_secret', `varchar(${L.webhookSecret})`).execute();

      await createTable('account_lockouts')
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('user_id', id, (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('account_lockouts_pk', ['tenant_id', 'user_id'])
        .addForeignKeyConstraint(
          'account_lockouts_user_fk',
          ['tenant_id', 'user_id'],
          'users',
          ['tenant_id', 'id'],
          (c) => c.onDelete('cascade'),
        )
        .execute();

      await createTable('rate_counters')
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('counter_key', `varchar(${L.counterKey})`, (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('hits', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_counters_pk', ['tenant_id', 'counter_key'])
        .addForeignKeyConstraint('rate_counters_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) =>
          c.onDelete('cascade'),
        )
        .execute();

      await createTable('alerts')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('kind', `varchar(${L.alertKind})`, (c) => c.notNull())
        .addColumn('severity', `varchar(${L.status})`, (c) => c.notNull())
        .addColumn('user_id', id)
        .addColumn('attempt_ids', 'text', (c) => c.notNull())
        .addColumn('summary', `varchar(${L.summary})`, (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('status', `varchar(${L.status})`, (c) => c.notNull())
        .addColumn('delivery_attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', `varchar(${L.summary})`)
        .addColumn('next_attempt_at', 'bigint')
        .addColumn('delivered_at', 'bigint')
        .addColumn('triage', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addForeignKeyConstraint('alerts_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) => c.onDelete('cascade'))
        .execute();
      await db.schema
        .createIndex('alerts_tenant_created_idx')
        .on('alerts')
        .columns(['tenant_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('alerts_tenant_status_due_idx')
        .on('alerts')
        .columns(['tenant_id', 'status', 'next_attempt_at'])
        .execute();
    },
  };
}
