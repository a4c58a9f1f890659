/**
 * The possession factor and the active challenge (issue 5): two tenant switches, users' device public keys and
 * single-use login challenges.
 *
 * New MySQL tables take the collation the initial schema chose for `users` (a byte-wise one), read back from the
 * catalogue so both migrations agree without sharing code. Device keys hang off users through the composite
 * (tenant_id, user_id) key and go when the user goes; challenges belong to the tenant and are not personal data.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { COLUMN_LIMITS as L } from '../column-limits.js';

async function usersCollation(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ collation: string | null }>`select table_collation as collation
    from information_schema.tables where table_schema = database() and table_name = 'users'`.execute(db);
  return rows[0]?.collation ?? 'utf8mb4_bin';
}

const id = `varchar(${L.id})` as const;

export function possessionFactor(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const collation = dialect === 'mysql' ? await usersCollation(db) : '';
      const createTable = (name: string) => {
        const builder = db.schema.createTable(name);
        return dialect === 'mysql'
          ? builder.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=${sql.raw(collation)}`)
          : builder;
      };

      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema
        .alterTable('tenants')
        .addColumn('require_possession', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('tenants')
        .addColumn('active_challenge', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await createTable('device_keys')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('user_id', id, (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('device_keys_tenant_user_uq', ['tenant_id', 'user_id'])
        .addForeignKeyConstraint('device_keys_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (c) =>
          c.onDelete('cascade'),
        )
        .execute();

      await createTable('login_challenges')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('nonce', `varchar(${L.nonce})`, (c) => c.notNull())
        .addColumn('prompt', `varchar(${L.prompt})`)
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('consumed_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addForeignKeyConstraint('login_challenges_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) =>
          c.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createIndex('login_challenges_tenant_expires_idx')
        .on('login_challenges')
        .columns(['tenant_id', 'expires_at'])
        .execute();
    },
  };
}
