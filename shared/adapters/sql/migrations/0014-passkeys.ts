/**
 * `passkeys`: users' WebAuthn credentials, the possession factor that replaces the IndexedDB device key of 0004
 * (whose `device_keys` rows stay, and keep working for a user until they register a passkey). A user may have
 * several; a credential id is unique within its tenant, so an authenticator response names one row. Rows go with
 * their user (composite key, as `device_keys`).
 */
import type { Kysely, Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { COLUMN_LIMITS as L } from '../column-limits.js';
import { MAX_CREDENTIAL_ID_CHARS } from '../../../domain/passkey.js';
import { tableCreator } from './mysql-table-options.js';

const id = `varchar(${L.id})` as const;

export function passkeysSchema(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const createTable = await tableCreator(db, dialect);
      await createTable('passkeys')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('user_id', id, (c) => c.notNull())
        // 512 characters keep the unique index under InnoDB's 3072-byte key limit with utf8mb4.
        .addColumn('credential_id', `varchar(${MAX_CREDENTIAL_ID_CHARS})`, (c) => c.notNull())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('counter', 'bigint', (c) => c.notNull())
        .addColumn('transports', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_used_at', 'bigint')
        .addUniqueConstraint('passkeys_tenant_credential_uq', ['tenant_id', 'credential_id'])
        .addForeignKeyConstraint('passkeys_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (c) =>
          c.onDelete('cascade'),
        )
        .execute();
      await db.schema.createIndex('passkeys_user_idx').on('passkeys').columns(['tenant_id', 'user_id']).execute();
    },
  };
}
