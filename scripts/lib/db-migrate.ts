/**
 * The schema step of a deployment (`npm run db:migrate`): bring the schema up to date as the admin user, then let
 * each function's IAM database user read and write rows (DML) and nothing more. Deployed functions never migrate
 * (FACEGATE_DB_MIGRATE_ON_START=false): their users cannot change the schema, so this runs first, from deploy.yml.
 */
import { sql } from 'kysely';
import type { DatabaseConfig } from '../../shared/config/load-config.js';
import { createDatabase, migrateToLatest } from '../../shared/adapters/sql/index.js';
import { runtimeGrantStatements } from '../../shared/adapters/sql/runtime-grants.js';

export interface MigrateReport {
  /** Migrations this run applied (empty when the schema was already current). */
  applied: string[];
  /** The GRANT statements run. */
  grants: string[];
}

/** A request the database cannot carry out (grants on SQLite). */
export class MigrateRequestError extends Error {
  override readonly name = 'MigrateRequestError';
}

/** The schema a MySQL URL names (grants are limited to it). */
function schemaOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/**
 * Migrates the database `config` names, then grants `grantTo` DML on its schema.
 * @throws MigrateRequestError when grants are asked of SQLite (it has no users).
 * @throws MigrationError / driver errors as they come.
 */
export async function migrateAndGrant(config: DatabaseConfig, grantTo: readonly string[]): Promise<MigrateReport> {
  if (config.kind === 'sqlite' && grantTo.length > 0) {
    throw new MigrateRequestError('SQLite has no database users to grant to; --grant is for MySQL');
  }
  const grants = config.kind === 'mysql' ? runtimeGrantStatements(schemaOf(config.url), grantTo) : [];
  const database = await createDatabase({
    url: config.url,
    ...(config.kind === 'mysql' && config.cloudSqlInstance
      ? {
          cloudSql: {
            instanceConnectionName: config.cloudSqlInstance,
            ipType: config.cloudSqlIpType,
            iamAuth: config.cloudSqlIamAuth,
          },
        }
      : {}),
    poolSize: 1,
  });
  try {
    const applied = await migrateToLatest(database);
    for (const grant of grants) await sql.raw(grant).execute(database.db);
    return { applied, grants };
  } finally {
    await database.close();
  }
}
