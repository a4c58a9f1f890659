/**
 * Security II (issue 12).
 *
 * One live enrollment per user: `enrollments.live_user_id` holds the user id while the enrollment is pending or
 * processing and NULL once it is active or rejected, under a unique (tenant_id, live_user_id) index. Both MySQL
 * and SQLite let any number of NULLs through a unique index, so finished enrollments never collide, and of two
 * concurrent starts for one user the database lets exactly one insert its live row (neither has partial indexes
 * in common, hence the column). Existing live enrollments are backfilled; when a user had several, the newest
 * keeps the slot and the older ones are rejected as `superseded`.
 *
 * Lockout per client: `client_lockouts` holds the consecutive failures of one account from one client (an IPv4
 * address or an IPv6 /64), the first tiers of the lockout; `account_lockouts` stays the account-wide cap. Rows go
 * with their user. MySQL tables take the collation of `users`, as in 0004.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { COLUMN_LIMITS as L } from '../column-limits.js';

interface LiveRow {
  id: string;
  tenant_id: string;
  user_id: string;
}

async function usersCollation(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ collation: string | null }>`select table_collation as collation
    from information_schema.tables where table_schema = database() and table_name = 'users'`.execute(db);
  return rows[0]?.collation ?? 'utf8mb4_bin';
}

const id = `varchar(${L.id})` as const;

export function securityTwo(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      let clientLockouts = db.schema
        .createTable('client_lockouts')
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('user_id', id, (c) => c.notNull())
        .addColumn('client_key', `varchar(${L.clientIp})`, (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('client_lockouts_pk', ['tenant_id', 'user_id', 'client_key'])
        .addForeignKeyConstraint(
          'client_lockouts_user_fk',
          ['tenant_id', 'user_id'],
          'users',
          ['tenant_id', 'id'],
          (c) => c.onDelete('cascade'),
        );
      if (dialect === 'mysql') {
        const collation = await usersCollation(db);
        clientLockouts = clientLockouts.modifyEnd(
          sql`engine=InnoDB default charset=utf8mb4 collate=${sql.raw(collation)}`,
        );
      }
      await clientLockouts.execute();

      // Webhook secrets are stored sealed (shared/crypto/envelope.ts), longer than the secret itself. Secrets
      // stored before stay readable as they are until `npm run keys:rotate-template` seals them.
      if (dialect === 'mysql') {
        await db.schema
          .alterTable('tenants')
          .modifyColumn('webhook_secret', `varchar(${L.sealedWebhookSecret})`)
          .execute();
      }
      // Passwords are no longer taken or stored (README): drop the hashes already stored.
      await sql`update users set password_hash = null where password_hash is not null`.execute(db);

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
