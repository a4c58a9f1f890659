import { describe, expect, it } from 'vitest';
import { createDatabase } from './create-database.js';
import { DatabaseConfigError, parseDatabaseUrl } from './database-url.js';

describe('parseDatabaseUrl', () => {
  it('reads SQLite file and memory URLs', () => {
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', filename: ':memory:' });
    expect(parseDatabaseUrl('sqlite:./.facegate/facegate.db')).toEqual({
      dialect: 'sqlite',
      filename: './.facegate/facegate.db',
    });
    expect(parseDatabaseUrl('sqlite:///var/lib/facegate.db')).toEqual({
      dialect: 'sqlite',
      filename: '/var/lib/facegate.db',
    });
  });

  it('reads MySQL URLs, decoding credentials and defaulting the port', () => {
    expect(parseDatabaseUrl('mysql://app:p%40ss%3Aw0rd@db.internal:3307/facegate')).toEqual({
      dialect: 'mysql',
      host: 'db.internal',
      port: 3307,
      user: 'app',
      password: 'p@ss:w0rd',
      database: 'facegate',
    });
    expect(parseDatabaseUrl('mysql://root@127.0.0.1/facegate')).toMatchObject({ port: 3306, password: '' });
  });

  it.each([
    ['postgres://x@y/z', 'scheme'],
    ['sqlite:', 'no path'],
    ['mysql://root@127.0.0.1:3306/', 'no database'],
    ['mysql://root@127.0.0.1/fg;drop', 'bad database name'],
    ['mysql://127.0.0.1/facegate', 'no user'],
    ['mysql://[bad', 'malformed'],
  ])('refuses %s (%s) with a DatabaseConfigError', (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(DatabaseConfigError);
  });

  it('refuses a Cloud SQL instance with a sqlite URL before opening anything', async () => {
    await expect(
      createDatabase({ url: 'sqlite::memory:', cloudSql: { instanceConnectionName: 'p:r:i' } }),
    ).rejects.toBeInstanceOf(DatabaseConfigError);
  });
});
