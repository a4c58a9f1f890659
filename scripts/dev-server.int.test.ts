/**
 * `npm start` for real: the dev server in its own process over the real composition (SQLite, local blobs, the
 * face engine), started on a free port with a fresh data dir, then stopped with SIGTERM.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './lib/repo-paths.js';
import { freePort, waitForOutput } from './lib/local-stack-process.js';

let dataDir: string | undefined;
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start (scripts/dev-server.ts)', () => {
  it('serves the API, writes the demo credentials, and stops cleanly on SIGTERM', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'facegate-dev-'));
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/dev-server.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port), FACEGATE_DATA_DIR: dataDir, FACEGATE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const banner = await waitForOutput(
      child,
      /FaceGate listening on http:\/\/localhost:\d+[\s\S]*operator key:/,
      90_000,
    );

    const credentials = JSON.parse(await readFile(path.join(dataDir, 'dev-credentials.json'), 'utf8')) as {
      tenantId: string;
      clientKey: string;
      operatorKey: string;
    };
    expect(banner).toContain(`http://localhost:${port}`);
    expect(banner).toContain(credentials.clientKey);
    expect(banner).toContain(credentials.operatorKey);

    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const users = await fetch(`${base}/v1/users`, { headers: { authorization: `Bearer ${credentials.operatorKey}` } });
    expect(users.status).toBe(200);
    expect(await users.json()).toEqual({ users: [] });
    expect((await fetch(`${base}/v1/users`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
