/**
 * Security II (issue 12).
 *
 * One live enrollment per user: `enrollments.live_user_id` holds the user id while the enrollment is pending or
 * processing and NULL once it is active or rejected, under a unique (tenant_id, live_user_id) index. Both MySQL
 * and SQLite let any number of NULLs through a unique index, so finished enrollments never collide, and of two
 * concurrent starts for one user the database lets exactly one insert its live row (neither has partial indexes
 * in common, hence the column). Existing live enrollments are backfilled; when a user had several, the newest
 * keeps the slot and the older ones are rejected as `superseded`.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { COLUMN_LIMITS as L } from '../column-limits.js';

interface LiveRow {
  id: string;
  tenant_id: string;
  user_id: string;
}

export function securityTwo(_dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('enrollments').addColumn('live_user_id', `varchar(${L.id})`).execute();
      const { rows } = await sql<LiveRow>`select id, tenant_id, user_id from enrollments
        where status in ('pending', 'processing') order by created_at desc, id desc`.execute(db);
      const seen = new Set<string>();
      for (const row of rows) {
        const owner = `${row.tenant_id}\n${row.user_id}`;
        if (seen.has(owner)) {
          await sql`update enrollments set status = 'rejected', reason = 'superseded'
            where tenant_id = ${row.tenant_id} and id = ${row.id}`.execute(db);
        } else {
          seen.add(owner);
          await sql`update enrollments set live_user_id = user_id
            where tenant_id = ${row.tenant_id} and id = ${row.id}`.execute(db);
        }
      }
      await db.schema
        .createIndex('enrollments_tenant_live_user_uq')
        .on('enrollments')
        .columns(['tenant_id', 'live_user_id'])
        .unique()
        .execute();
    },
  };
}
