import { Migrator } from 'kysely';
import type { SqlDatabase } from './create-database.js';
import { migrationProvider } from './migrations/migration-provider.js';

/** A migration failed; the database is at the last migration that succeeded. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Brings the schema up to date. Safe to call at every cold start and from several instances at
 * once: Kysely's migration lock serialises them and applied migrations are skipped.
 * @returns names of the migrations this call applied.
 * @throws MigrationError carrying the driver error as `cause`.
 */
export async function migrateToLatest(database: SqlDatabase): Promise<string[]> {
  // Migrations are numbered per feature and may land out of order (0004 before 0002): each is independent of the
  // ones numbered between, so a database that already ran a later one still takes an earlier newcomer.
  const migrator = new Migrator({
    db: database.db,
    provider: migrationProvider(database.dialect),
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(
      `migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      {
        cause: error,
      },
    );
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
