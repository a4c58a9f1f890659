/**
 * A MariaDB server of the test's own (fresh datadir, free port, no grant tables to set up), so a fault test can
 * stop and restart it without touching the machine's server. Needs `mariadb-install-db` and `mariadbd` on PATH.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { freePort } from '../../scripts/lib/local-stack-process.js';

export interface OwnMariaDb {
  port: number;
  /** mysql:// URL of a database created for the test. */
  url: string;
  /** Stops the server (SIGTERM, waits for exit): clients see refused and lost connections. */
  stop(): Promise<void>;
  /** Starts it again on the same datadir and port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it for good and deletes the datadir. */
  destroy(): Promise<void>;
}

async function waitUntilUp(port: number, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      const c = await createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1000 });
      await c.end();
      return;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function startOwnMariaDb(): Promise<OwnMariaDb> {
  const dir = await mkdtemp(path.join(tmpdir(), 'facegate-mariadb-'));
  const datadir = path.join(dir, 'data');
  const install = spawnSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { encoding: 'utf8' },
  );
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stdout}${install.stderr}`);
  const port = await freePort();
  let server: ChildProcess | undefined;
  const start = async () => {
    server = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(dir, 'sock')}`,
        '--user=root',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=32M',
      ],
      { stdio: 'ignore' },
    );
    await waitUntilUp(port);
  };
  const stop = async () => {
    const s = server;
    server = undefined;
    if (!s || s.exitCode !== null) return;
    const exited = new Promise((r) => s.once('exit', r));
    s.kill('SIGTERM');
    await exited;
  };
  await start();
  const admin = await createConnection({ host: '127.0.0.1', port, user: 'root' });
  await admin.query('create database facegate character set utf8mb4');
  await admin.end();
  return {
    port,
    url: `mysql://root@127.0.0.1:${port}/facegate`,
    stop,
    start,
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
