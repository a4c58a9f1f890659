/**
 * The slice of better-sqlite3's API this adapter uses. The package ships no types and
 * `@types/better-sqlite3` is not a dependency; Kysely's `SqliteDatabase` describes the rest.
 */
declare module 'better-sqlite3' {
  import type { SqliteDatabase } from 'kysely';

  interface BetterSqliteDatabase extends SqliteDatabase {
    pragma(source: string, options?: { simple?: boolean }): unknown;
    exec(source: string): BetterSqliteDatabase;
    readonly open: boolean;
  }

  interface BetterSqliteOptions {
    readonly?: boolean;
    fileMustExist?: boolean;
    timeout?: number;
  }

  const Database: new (filename: string, options?: BetterSqliteOptions) => BetterSqliteDatabase;
  export default Database;
}
