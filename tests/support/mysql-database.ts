/**
 * A fresh MySQL database for one test suite on the local MariaDB (root, no password) or the server in
 * FACEGATE_TEST_MYSQL_URL; dropped afterwards. An unreachable server fails the suite: CI starts one.
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

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
    throw new Error(
      `Cannot reach MySQL at ${server.host} (${err.message}); start MariaDB or set FACEGATE_TEST_MYSQL_URL`,
    );
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
