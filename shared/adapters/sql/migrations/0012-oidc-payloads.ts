/**
 * `oidc_payloads`: what each tenant's OpenID Provider stores (sessions, interactions, codes, grants, registered
 * clients) as JSON, keyed by tenant, oidc-provider model and id, with the secondary keys the provider looks up by
 * (`grant_id` for revocation, `uid` for sessions, `user_code` for device flows). Rows of a deleted tenant go with it.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { COLUMN_LIMITS as L } from '../column-limits.js';
import { tableCreator } from './mysql-table-options.js';

export function oidcPayloads(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const createTable = await tableCreator(db, dialect);
      await createTable('oidc_payloads')
        .addColumn('tenant_id', `varchar(${L.id})`, (c) => c.notNull())
        .addColumn('model', `varchar(${L.oidcModel})`, (c) => c.notNull())
        .addColumn('id', `varchar(${L.oidcId})`, (c) => c.notNull())
        .addColumn('payload', dialect === 'mysql' ? sql`mediumtext` : 'text', (c) => c.notNull())
        .addColumn('grant_id', `varchar(${L.oidcId})`)
        .addColumn('uid', `varchar(${L.oidcId})`)
        .addColumn('user_code', `varchar(${L.oidcId})`)
        .addColumn('expires_at', 'bigint')
        .addColumn('consumed_at', 'bigint')
        .addPrimaryKeyConstraint('oidc_payloads_pk', ['tenant_id', 'model', 'id'])
        .addForeignKeyConstraint('oidc_payloads_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) =>
          c.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createIndex('oidc_payloads_grant_idx')
        .on('oidc_payloads')
        .columns(['tenant_id', 'grant_id'])
        .execute();
      await db.schema.createIndex('oidc_payloads_uid_idx').on('oidc_payloads').columns(['tenant_id', 'uid']).execute();
      await db.schema
        .createIndex('oidc_payloads_expiry_idx')
        .on('oidc_payloads')
        .columns(['tenant_id', 'expires_at'])
        .execute();
    },
  };
}
