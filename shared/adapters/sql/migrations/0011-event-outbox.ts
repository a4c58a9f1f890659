/**
 * `event_outbox`: events that could not be published (Pub/Sub unreachable or slow), kept until a relay publishes
 * them (shared/app/outbox-event-bus.ts), so an alert or a drift event raised during a broker outage is not lost.
 * Rows are short-lived: deleted once published.
 */
import type { Kysely, Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { COLUMN_LIMITS as L } from '../column-limits.js';
import { tableCreator } from './mysql-table-options.js';

export function eventOutbox(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const createTable = await tableCreator(db, dialect);
      await createTable('event_outbox')
        // The event's own id: parking the same event twice keeps one row.
        .addColumn('id', `varchar(${L.id})`, (c) => c.primaryKey())
        .addColumn('topic', `varchar(${L.id})`, (c) => c.notNull())
        .addColumn('tenant_id', `varchar(${L.id})`, (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', `varchar(${L.summary})`)
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('event_outbox_due_idx').on('event_outbox').columns(['next_attempt_at']).execute();
    },
  };
}
