/**
 * A fresh MySQL database for one test suite on the local MariaDB (root, no password) or the server in
 * FACEGATE_TEST_MYSQL_URL; dropped afterwards. An unreachable server fails the suite with the command that starts
 * one (scripts/test-services-setup.sh, which .ci/run runs too).
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

/** What to run when the test server is missing: installs and starts MariaDB, prints the URL to export. */
export const MYSQL_FIX =
  'Run scripts/test-services-setup.sh (installs and starts MariaDB), then export the FACEGATE_TEST_MYSQL_URL it prints.';

export async function withMysqlDatabase(run: (url: string) => Promise<void>): Promise<void> {
  const server = new URL(process.env['FACEGATE_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/');
  const name = `facegate_test_${randomBytes(6).toString('hex')}`;
  const admin = await createConnection({
    host: server.hostname,
    port: server.port === '' ? 3306 : Number(server.port),
    user: decodeURIComponent(server.username),
    password: decodeURIComponent(server.password),
    connectTimeout: 5000,
  }).catch((err: Error) => {
    throw new Error(`Cannot reach MySQL at ${server.host} (${err.message}). ${MYSQL_FIX}`);
  });
  try {
    await admin.query(`create database ${name} character set utf8mb4`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    await run(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  }
}
