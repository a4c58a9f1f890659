/**
 * Opens the database named by a URL as a Kysely instance: SQLite through better-sqlite3 (WAL,
 * foreign keys on) or MySQL through a mysql2 pool, optionally reached through the Cloud SQL
 * connector. Drivers are imported lazily so a SQLite deployment never loads mysql2 and vice versa.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, MysqlDialect, SqliteDialect } from 'kysely';
import type { Pool, PoolOptions } from 'mysql2';
import { DatabaseConfigError, parseDatabaseUrl, type DatabaseTarget, type SqlDialectName } from './database-url.js';
import type { FacegateSchema } from './schema.js';

/** Reach Cloud SQL through `@google-cloud/cloud-sql-connector` instead of host:port. */
export interface CloudSqlOptions {
  /** `project:region:instance`. */
  instanceConnectionName: string;
  /** Default PRIVATE: functions reach the instance over the VPC connector. */
  ipType?: 'PUBLIC' | 'PRIVATE' | 'PSC';
  /** Log in with the service account (IAM database authentication) instead of the URL's password. */
  iamAuth?: boolean;
}

export interface CreateDatabaseOptions {
  /** `sqlite:<path>`, `sqlite::memory:` or `mysql://user:pass@host:port/database`. */
  url: string;
  /** MySQL only: when set, the URL's host and port are ignored. */
  cloudSql?: CloudSqlOptions;
  /** MySQL pool size; default 5 (a function instance serves few concurrent requests). */
  poolSize?: number;
}

/** An open database: the typed query builder, which dialect it speaks, and how to close it. */
export interface SqlDatabase {
  readonly db: Kysely<FacegateSchema>;
  readonly dialect: SqlDialectName;
  close(): Promise<void>;
}

/**
 * Opens (and for SQLite, creates) the database. Run `migrateToLatest(database)` before use.
 * @throws DatabaseConfigError for an unusable URL or option combination.
 */
export async function createDatabase(options: CreateDatabaseOptions): Promise<SqlDatabase> {
  const target = parseDatabaseUrl(options.url);
  if (target.dialect === 'sqlite') {
    if (options.cloudSql) throw new DatabaseConfigError('a Cloud SQL instance needs a mysql:// URL, not sqlite:');
    return openSqlite(target.filename);
  }
  return openMysql(target, options);
}

async function openSqlite(filename: string): Promise<SqlDatabase> {
  const { default: Database } = await import('better-sqlite3');
  if (filename !== ':memory:') {
    mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
    // Owner only: the database holds sealed templates but also names, emails and audit trails. SQLite gives its
    // -wal and -shm files the database file's mode, so creating it 0600 (and tightening an older one) covers all.
    closeSync(openSync(filename, 'a', 0o600));
    chmodSync(filename, 0o600);
  }
  const sqlite = new Database(filename, { timeout: 5000 });
  // WAL lets readers run while the embed step writes; NORMAL sync is durable enough under WAL.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<FacegateSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

type MysqlTarget = Extract<DatabaseTarget, { dialect: 'mysql' }>;

async function openMysql(target: MysqlTarget, options: CreateDatabaseOptions): Promise<SqlDatabase> {
  const { createPool } = await import('mysql2');
  const poolOptions: PoolOptions = {
    user: target.user,
    password: target.password,
    database: target.database,
    connectionLimit: options.poolSize ?? 5,
    charset: 'utf8mb4',
    // Ids, timestamps and counts all fit a double; never hand strings back for numbers.
    supportBigNumbers: false,
    decimalNumbers: true,
  };
  let closeConnector = (): void => {};
  let pool: Pool;
  if (options.cloudSql) {
    const { Connector, IpAddressTypes, AuthTypes } = await import('@google-cloud/cloud-sql-connector');
    const connector = new Connector();
    closeConnector = () => connector.close();
    const { instanceConnectionName, ipType = 'PRIVATE', iamAuth = false } = options.cloudSql;
    const driverOptions = await connector.getOptions({
      instanceConnectionName,
      ipType: IpAddressTypes[ipType],
      authType: iamAuth ? AuthTypes.IAM : AuthTypes.PASSWORD,
    });
    pool = createPool({ ...poolOptions, ...driverOptions, ...(iamAuth ? { password: '' } : {}) });
  } else {
    pool = createPool({ ...poolOptions, host: target.host, port: target.port });
  }
  const db = new Kysely<FacegateSchema>({ dialect: new MysqlDialect({ pool }) });
  return {
    db,
    dialect: 'mysql',
    close: async () => {
      await db.destroy();
      closeConnector();
    },
  };
}
