/**
 * The repository contract on a real MySQL-compatible server: the local MariaDB (root, no password,
 * 127.0.0.1:3306) or the server in FACEGATE_TEST_MYSQL_URL. Each run works in a fresh database
 * `facegate_test_<random>` and drops it afterwards. An unreachable server fails the run with the command that fixes it.
 */
import { randomBytes } from 'node:crypto';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MYSQL_FIX } from '../../../tests/support/mysql-database.js';
import { createDatabase } from './create-database.js';
import { possessionRepositoryContract } from './possession-repositories.contract.js';
import { repositoryContract } from './repositories.contract.js';
import { securityRepositoryContract } from './security-repositories.contract.js';

const serverUrl = new URL(process.env.FACEGATE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/');
const databaseName = `facegate_test_${randomBytes(6).toString('hex')}`;
let admin: Connection | undefined;
let unreachable: Error | undefined;

beforeAll(async () => {
  try {
    admin = await connectAdmin();
  } catch (error) {
    // Recorded, not thrown: a throwing root hook would mark every test skipped, hiding the cause.
    unreachable = error instanceof Error ? error : new Error(JSON.stringify(error));
    return;
  }
  await admin.query(`create database ${databaseName} character set utf8mb4 collate utf8mb4_bin`);
});

function connectAdmin(): Promise<Connection> {
  return createConnection({
    host: serverUrl.hostname,
    port: serverUrl.port === '' ? 3306 : Number(serverUrl.port),
    user: decodeURIComponent(serverUrl.username),
    password: decodeURIComponent(serverUrl.password),
    connectTimeout: 5000,
  });
}

afterAll(async () => {
  await admin?.query(`drop database if exists ${databaseName}`);
  await admin?.end();
});

function testDatabaseUrl(): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

repositoryContract('MySQL (mysql2 on MariaDB)', async () => {
  if (unreachable) throw unreachable;
  return createDatabase({ url: testDatabaseUrl(), poolSize: 4 });
});

possessionRepositoryContract('MySQL (mysql2 on MariaDB)', async () => {
  if (unreachable) throw unreachable;
  return createDatabase({ url: testDatabaseUrl(), poolSize: 4 });
});

securityRepositoryContract('MySQL (mysql2 on MariaDB)', async () => {
  if (unreachable) throw unreachable;
  return createDatabase({ url: testDatabaseUrl(), poolSize: 4 });
});

describe('MySQL database factory', () => {
  // When the server is down every other test here reports as skipped; this one names the cause as a failure.
  it(`reaches the MySQL server at ${serverUrl.host}`, () => {
    if (unreachable) {
      throw new Error(`cannot connect to ${serverUrl.host} (${unreachable.message}). ${MYSQL_FIX}`);
    }
    expect(admin).toBeDefined();
  });

  it('stores tables as InnoDB with a byte-wise, no-pad utf8mb4 collation', async () => {
    const [rows] = await admin!.query(
      'select table_name as name, engine, table_collation as collation from information_schema.tables where table_schema = ? and table_name not like ?',
      [databaseName, 'kysely%'],
    );
    const tables = rows as { name: string; engine: string; collation: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual([
      'account_lockouts',
      'alerts',
      'api_keys',
      'attempts',
      'audit_events',
      'capture_observations',
      'captures',
      'client_lockouts',
      'device_keys',
      'drift_reports',
      'enrollments',
      'event_outbox',
      'login_challenges',
      'oidc_payloads',
      'passkeys',
      'rate_counters',
      'template_changes',
      'templates',
      'tenant_model_settings',
      'tenants',
      'users',
    ]);
    for (const table of tables)
      expect([table.name, table.engine, table.collation]).toEqual([table.name, 'InnoDB', 'utf8mb4_nopad_bin']);
  });
});
