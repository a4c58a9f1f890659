/**
 * The SQL persistence adapter, as the composition root wires it:
 * `createDatabase({ url })` → `migrateToLatest(database)` → `createSqlRepositories(database, { cipher })`.
 */
export {
  createDatabase,
  type CloudSqlOptions,
  type CreateDatabaseOptions,
  type SqlDatabase,
} from './create-database.js';
export { DatabaseConfigError, parseDatabaseUrl, type DatabaseTarget, type SqlDialectName } from './database-url.js';
export { migrateToLatest, MigrationError } from './migrate.js';
export { createSqlRepositories, type SqlRepositoryOptions } from './sql-repositories.js';
