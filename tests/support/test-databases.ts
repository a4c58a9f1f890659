/**
 * The databases an `*.each-db.int.test.ts` file runs on: SQLite in `npm test`, MariaDB in `npm run test:services`.
 * Each vitest project sets FACEGATE_TEST_DATABASES (vitest.config.ts); unset (another runner), both.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withMysqlDatabase } from './mysql-database.js';

/** Runs `run` with the URL of a fresh, empty database that lives as long as the promise. */
export type WithDatabase = (run: (url: string) => Promise<void>) => Promise<void>;

/** A SQLite file in a new temporary directory whose name starts with `prefix`. */
export function withSqliteDatabase(prefix: string): WithDatabase {
  return async (run) => run('sqlite:' + path.join(await mkdtemp(path.join(tmpdir(), prefix)), 'db.sqlite'));
}

const ALL: Record<string, (prefix: string) => [string, WithDatabase]> = {
  sqlite: (prefix) => ['SQLite', withSqliteDatabase(prefix)],
  mysql: () => ['MariaDB', withMysqlDatabase],
};

/** `[name, withDatabase]` pairs for `describe.each`, the ones this suite runs on. */
export function eachTestDatabase(prefix: string): [string, WithDatabase][] {
  const chosen = process.env['FACEGATE_TEST_DATABASES']?.split(',').filter(Boolean) ?? Object.keys(ALL);
  return chosen.map((name) => {
    const make = ALL[name];
    if (!make)
      throw new Error(`FACEGATE_TEST_DATABASES: unknown database "${name}" (known: ${Object.keys(ALL).join(', ')})`);
    return make(prefix);
  });
}
