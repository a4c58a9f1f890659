/**
 * The first schema. Written once for both dialects; the few differences are table options.
 *
 * - MySQL tables use InnoDB with a binary NO PAD collation, so text compares byte for byte as it does
 *   in SQLite: a locale collation would make `josé` collide with `jose`, and a PAD SPACE one (plain
 *   `utf8mb4_bin`) would make `jose ` collide with `jose`, on MySQL only.
 * - Every tenant-owned table leads its keys with `tenant_id`, and child rows point at their parent
 *   through composite (tenant_id, id) foreign keys: the database itself refuses a template of tenant B
 *   attached to a user of tenant A.
 * - Attempts keep no foreign key to users: deleting a user clears `user_id` there instead (a composite
 *   ON DELETE SET NULL would null `tenant_id` too).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { COLUMN_LIMITS as L } from '../column-limits.js';

/** Byte-wise, no-pad collations by server family, best first; `utf8mb4_bin` pads but is everywhere. */
const BYTEWISE_COLLATIONS = ['utf8mb4_nopad_bin', 'utf8mb4_0900_bin', 'utf8mb4_bin'] as const;

/** The best byte-wise collation this MySQL-family server offers (MariaDB and MySQL 8 name it differently). */
async function bytewiseCollation(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ name: string }>`select collation_name as name from information_schema.collations
    where collation_name in (${sql.join(BYTEWISE_COLLATIONS)})`.execute(db);
  const available = new Set(rows.map((r) => r.name));
  return BYTEWISE_COLLATIONS.find((c) => available.has(c)) ?? 'utf8mb4_bin';
}

/** Table options for the dialect: InnoDB and byte-wise collation on MySQL, nothing on SQLite. */
function tableFactory(db: Kysely<unknown>, dialect: SqlDialectName, collation: string) {
  return (name: string) => {
    const builder = db.schema.createTable(name);
    return dialect === 'mysql'
      ? builder.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=${sql.raw(collation)}`)
      : builder;
  };
}

const id = `varchar(${L.id})` as const;

/** The initial schema migration for `dialect`. */
export function initialSchema(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const createTable = tableFactory(db, dialect, dialect === 'mysql' ? await bytewiseCollation(db) : '');
      await createTable('tenants')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('name', `varchar(${L.name})`, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await createTable('api_keys')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('role', `varchar(${L.role})`, (c) => c.notNull())
        .addColumn('key_hash', `varchar(${L.keyHash})`, (c) => c.notNull())
        .addColumn('display_prefix', `varchar(${L.displayPrefix})`, (c) => c.notNull())
        .addColumn('label', `varchar(${L.label})`)
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addUniqueConstraint('api_keys_key_hash_uq', ['key_hash'])
        .addForeignKeyConstraint('api_keys_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) => c.onDelete('cascade'))
        .execute();

      await createTable('users')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('username', `varchar(${L.username})`, (c) => c.notNull())
        .addColumn('display_name', `varchar(${L.displayName})`)
        .addColumn('email', `varchar(${L.email})`)
        .addColumn('password_hash', `varchar(${L.passwordHash})`)
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('users_tenant_username_uq', ['tenant_id', 'username'])
        .addUniqueConstraint('users_tenant_id_uq', ['tenant_id', 'id'])
        .addForeignKeyConstraint('users_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) => c.onDelete('cascade'))
        .execute();

      await createTable('enrollments')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('user_id', id, (c) => c.notNull())
        .addColumn('capture_id', id, (c) => c.notNull())
        .addColumn('status', `varchar(${L.status})`, (c) => c.notNull())
        .addColumn('reason', `varchar(${L.reason})`)
        .addColumn('quality', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('enrollments_tenant_capture_uq', ['tenant_id', 'capture_id'])
        .addUniqueConstraint('enrollments_tenant_id_uq', ['tenant_id', 'id'])
        .addForeignKeyConstraint('enrollments_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (c) =>
          c.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createIndex('enrollments_tenant_user_idx')
        .on('enrollments')
        .columns(['tenant_id', 'user_id'])
        .execute();

      await createTable('captures')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('user_id', id)
        .addColumn('kind', `varchar(${L.kind})`, (c) => c.notNull())
        .addColumn('blob_path', `varchar(${L.blobPath})`, (c) => c.notNull())
        .addColumn('object_generation', `varchar(${L.generation})`, (c) => c.notNull())
        .addColumn('content_type', `varchar(${L.contentType})`, (c) => c.notNull())
        .addColumn('size_bytes', 'bigint', (c) => c.notNull())
        .addColumn('quality', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('captures_tenant_object_uq', ['tenant_id', 'blob_path', 'object_generation'])
        .addUniqueConstraint('captures_tenant_id_uq', ['tenant_id', 'id'])
        .addForeignKeyConstraint('captures_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (c) =>
          c.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createIndex('captures_tenant_user_idx')
        .on('captures')
        .columns(['tenant_id', 'user_id'])
        .execute();
      await db.schema
        .createIndex('captures_tenant_kind_created_idx')
        .on('captures')
        .columns(['tenant_id', 'kind', 'created_at'])
        .execute();

      await createTable('templates')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('user_id', id, (c) => c.notNull())
        .addColumn('enrollment_id', id)
        .addColumn('capture_id', id, (c) => c.notNull())
        .addColumn('model_version', `varchar(${L.modelVersion})`, (c) => c.notNull())
        .addColumn('dims', 'integer', (c) => c.notNull())
        .addColumn('quality_score', 'double precision', (c) => c.notNull())
        .addColumn('key_id', `varchar(${L.keyId})`, (c) => c.notNull())
        .addColumn('embedding_sealed', 'blob', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('templates_tenant_capture_model_uq', ['tenant_id', 'capture_id', 'model_version'])
        .addForeignKeyConstraint('templates_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (c) =>
          c.onDelete('cascade'),
        )
        .addForeignKeyConstraint(
          'templates_capture_fk',
          ['tenant_id', 'capture_id'],
          'captures',
          ['tenant_id', 'id'],
          (c) => c.onDelete('cascade'),
        )
        .addForeignKeyConstraint(
          'templates_enrollment_fk',
          ['tenant_id', 'enrollment_id'],
          'enrollments',
          ['tenant_id', 'id'],
          (c) => c.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createIndex('templates_tenant_model_idx')
        .on('templates')
        .columns(['tenant_id', 'model_version', 'id'])
        .execute();
      await db.schema
        .createIndex('templates_tenant_user_model_idx')
        .on('templates')
        .columns(['tenant_id', 'user_id', 'model_version'])
        .execute();

      await createTable('attempts')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('kind', `varchar(${L.kind})`, (c) => c.notNull())
        .addColumn('outcome', `varchar(${L.kind})`, (c) => c.notNull())
        .addColumn('user_id', id)
        .addColumn('claimed_username', `varchar(${L.username})`)
        .addColumn('score', 'double precision')
        .addColumn('threshold', 'double precision')
        .addColumn('reason', `varchar(${L.reason})`)
        .addColumn('latency_ms', 'double precision', (c) => c.notNull())
        .addColumn('stage_latencies', 'text')
        .addColumn('model_version', `varchar(${L.modelVersion})`)
        .addColumn('client_ip', `varchar(${L.clientIp})`)
        .addColumn('user_agent', `varchar(${L.userAgent})`)
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addForeignKeyConstraint('attempts_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) => c.onDelete('cascade'))
        .execute();
      await db.schema
        .createIndex('attempts_tenant_created_idx')
        .on('attempts')
        .columns(['tenant_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('attempts_tenant_user_created_idx')
        .on('attempts')
        .columns(['tenant_id', 'user_id', 'created_at'])
        .execute();

      await createTable('audit_events')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('tenant_id', id, (c) => c.notNull())
        .addColumn('actor', `varchar(${L.actor})`, (c) => c.notNull())
        .addColumn('action', `varchar(${L.action})`, (c) => c.notNull())
        .addColumn('subject_type', `varchar(${L.subjectType})`)
        .addColumn('subject_id', id)
        .addColumn('details', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addForeignKeyConstraint('audit_events_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) =>
          c.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createIndex('audit_events_tenant_created_idx')
        .on('audit_events')
        .columns(['tenant_id', 'created_at', 'id'])
        .execute();
    },
  };
}
