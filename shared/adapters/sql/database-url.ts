/**
 * Parses the database URL the service is configured with:
 * `sqlite:<path>`, `sqlite::memory:` or `mysql://user:pass@host:port/database`.
 */

export type SqlDialectName = 'sqlite' | 'mysql';

export type DatabaseTarget =
  | { dialect: 'sqlite'; /** A file path, or `:memory:`. */ filename: string }
  | { dialect: 'mysql'; host: string; port: number; user: string; password: string; database: string };

/** The database URL or connection options cannot be used; the message says why. */
export class DatabaseConfigError extends Error {
  override readonly name = 'DatabaseConfigError';
}

const MYSQL_DATABASE_NAME = /^[A-Za-z0-9_$]{1,64}$/;

/** @throws DatabaseConfigError for an unsupported scheme or a URL missing what it needs. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const rest = url.slice('sqlite:'.length);
    if (rest === ':memory:') return { dialect: 'sqlite', filename: ':memory:' };
    // sqlite:///abs/path and sqlite://rel/path are common spellings of sqlite:/abs/path and sqlite:rel/path.
    const filename = rest.startsWith('//') ? rest.slice(2) : rest;
    if (filename.length === 0)
      throw new DatabaseConfigError('sqlite URL needs a file path, e.g. sqlite:./.facegate/facegate.db');
    return { dialect: 'sqlite', filename };
  }
  if (url.startsWith('mysql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new DatabaseConfigError('mysql URL is malformed; expected mysql://user:pass@host:port/database');
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (!MYSQL_DATABASE_NAME.test(database)) {
      throw new DatabaseConfigError('mysql URL needs a database name of letters, digits, _ or $ (mysql://…/facegate)');
    }
    const user = decodeURIComponent(parsed.username);
    if (user.length === 0) throw new DatabaseConfigError('mysql URL needs a user (mysql://user:pass@host/database)');
    const port = parsed.port === '' ? 3306 : Number(parsed.port);
    return {
      dialect: 'mysql',
      host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
      port,
      user,
      password: decodeURIComponent(parsed.password),
      database,
    };
  }
  throw new DatabaseConfigError('database URL must start with sqlite: or mysql://');
}
