/**
 * The deploy step's schema work on real databases: migrations and DML-only grants on the local MariaDB (or
 * FACEGATE_TEST_MYSQL_URL), in a fresh `facegate_test_*` database with a fresh user named like a function's IAM user,
 * and the local SQLite path. Proves the function users can read and write rows but cannot change the schema, and
 * that a function opened with FACEGATE_DB_MIGRATE_ON_START=false leaves the schema to this step.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/load-config.js';
import { createDatabase, migrateToLatest } from '../../shared/adapters/sql/index.js';
import { composeMaintenance } from '../../shared/compose-maintenance.js';
import { migrateAndGrant, MigrateRequestError } from './db-migrate.js';

const serverUrl = new URL(process.env.FACEGATE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/');
const suffix = randomBytes(5).toString('hex');
const databaseName = `facegate_test_${suffix}`;
// Shaped like a function's IAM database user (its service account id): fg-<tenant>-<function>.
const functionUser = `fg-t${suffix}-retention`;
const functionPassword = randomBytes(12).toString('hex');
let admin: Connection;
let tmp: string;

function connect(user: string, password: string, database?: string): Promise<Connection> {
  return createConnection({
    host: serverUrl.hostname,
    port: serverUrl.port === '' ? 3306 : Number(serverUrl.port),
    user,
    password,
    ...(database ? { database } : {}),
    connectTimeout: 5000,
  });
}

function urlFor(user: string, password: string): string {
  const url = new URL(serverUrl);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

beforeAll(async () => {
  admin = await connect(decodeURIComponent(serverUrl.username), decodeURIComponent(serverUrl.password));
  await admin.query(`create database ${databaseName} character set utf8mb4 collate utf8mb4_bin`);
  // Pulumi creates the IAM users before the deploy step; here a password user stands in for one.
  await admin.query(`create user '${functionUser}'@'%' identified by '${functionPassword}'`);
  tmp = await mkdtemp(join(tmpdir(), 'facegate-migrate-'));
});

afterAll(async () => {
  await admin?.query(`drop database if exists ${databaseName}`);
  await admin?.query(`drop user if exists '${functionUser}'@'%'`);
  await admin?.end();
  await rm(tmp, { recursive: true, force: true });
});

describe('npm run db:migrate on MySQL (MariaDB)', () => {
  it('a function user that may not change the schema cannot migrate, so a deployed function must not try', async () => {
    const before = await createDatabase({ url: urlFor(functionUser, functionPassword), poolSize: 1 });
    try {
      await expect(migrateToLatest(before)).rejects.toThrow();
    } finally {
      await before.close();
    }
  });

  it('migrates as the admin and grants each function user DML on the schema only', async () => {
    const config = loadConfig({
      FACEGATE_DB_URL: urlFor(decodeURIComponent(serverUrl.username), decodeURIComponent(serverUrl.password)),
    });
    const first = await migrateAndGrant(config.database, [functionUser]);
    expect(first.applied.length).toBeGreaterThan(3);
    expect(first.grants).toEqual([
      `GRANT SELECT, INSERT, UPDATE, DELETE ON \`${databaseName}\`.* TO '${functionUser}'@'%'`,
    ]);
    // Read as the function user itself: SHOW GRANTS for another user needs SELECT on the mysql schema.
    const own = await connect(functionUser, functionPassword, databaseName);
    const [rows] = await own.query('show grants for current_user()').finally(() => own.end());
    const grants = (rows as Record<string, string>[]).map((row) => Object.values(row)[0]!);
    expect(grants.some((g) => g.includes(`GRANT SELECT, INSERT, UPDATE, DELETE ON \`${databaseName}\`.*`))).toBe(true);
    expect(grants.join('\n')).not.toMatch(/ALL PRIVILEGES|CREATE|ALTER|DROP|GRANT OPTION/);
    // Again: nothing left to apply, the grant is idempotent.
    const second = await migrateAndGrant(config.database, [functionUser]);
    expect(second.applied).toEqual([]);
  });

  it('lets the function user read and write rows but not create, alter or drop anything', async () => {
    const fn = await connect(functionUser, functionPassword, databaseName);
    try {
      await fn.query(`insert into tenants (id, name, created_at) values ('t-migrate', 'Migrate test', 1767225600000)`);
      await fn.query(`update tenants set name = 'Renamed' where id = 't-migrate'`);
      const [rows] = await fn.query(`select name from tenants where id = 't-migrate'`);
      expect(rows).toEqual([{ name: 'Renamed' }]);
      await fn.query(`delete from tenants where id = 't-migrate'`);
      for (const ddl of [
        'create table intruder (id int primary key)',
        'alter table tenants add column intruder int',
        'drop table tenants',
        'create index intruder on tenants (id)',
        `grant select on \`${databaseName}\`.* to '${functionUser}'@'%'`,
      ]) {
        const refused = await fn.query(ddl).then(
          () => undefined,
          (error: unknown) => error as { code?: string },
        );
        expect(refused?.code, ddl).toMatch(/ACCESS_DENIED|DENIED_ERROR/);
      }
    } finally {
      await fn.end();
    }
  });

  it('opens the migrated schema as the function user with migrations off, as a deployed function does', async () => {
    const config = loadConfig({
      FACEGATE_DB_URL: urlFor(functionUser, functionPassword),
      FACEGATE_DB_MIGRATE_ON_START: 'false',
    });
    expect(config.database.migrateOnStart).toBe(false);
    const database = await createDatabase({ url: config.database.url, poolSize: 1 });
    try {
      const tenants = await database.db.selectFrom('tenants').select('id').execute();
      expect(Array.isArray(tenants)).toBe(true);
    } finally {
      await database.close();
    }
  });

  it('refuses user names MySQL cannot have before touching the database', async () => {
    const config = loadConfig({ FACEGATE_DB_URL: urlFor('root', '') });
    await expect(migrateAndGrant(config.database, ['fg-a-very-long-tenant-name-retention'])).rejects.toThrow(
      /longer than 32 characters/,
    );
  });
});

describe('the composition root and FACEGATE_DB_MIGRATE_ON_START', () => {
  const stackOn = (file: string, migrate: string) =>
    composeMaintenance({
      FACEGATE_DB_URL: `sqlite:${join(tmp, file)}`,
      FACEGATE_DATA_DIR: join(tmp, `${file}-data`),
      FACEGATE_DB_MIGRATE_ON_START: migrate,
      FACEGATE_LOG_LEVEL: 'error',
    });

  it('migrates a fresh database on open locally (the default), and leaves it alone when told not to', async () => {
    const local = await stackOn('local-start.sqlite', 'true');
    try {
      expect(await local.repos.tenants.create({ name: 'Local' })).toMatchObject({ name: 'Local' });
    } finally {
      await local.close();
    }
    const deployed = await stackOn('deployed-start.sqlite', 'false');
    try {
      await expect(deployed.repos.tenants.create({ name: 'Cloud' })).rejects.toThrow(/no such table/);
    } finally {
      await deployed.close();
    }
  });
});

describe('npm run db:migrate on SQLite (local)', () => {
  it('migrates, and refuses grants (SQLite has no users)', async () => {
    const config = loadConfig({ FACEGATE_DB_URL: `sqlite:${join(tmp, 'local.sqlite')}` });
    const report = await migrateAndGrant(config.database, []);
    expect(report.applied.length).toBeGreaterThan(3);
    expect(report.grants).toEqual([]);
    expect((await migrateAndGrant(config.database, [])).applied).toEqual([]);
    await expect(migrateAndGrant(config.database, ['fg-acme-api'])).rejects.toBeInstanceOf(MigrateRequestError);
  });
});
