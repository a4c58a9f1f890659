/** `npm start` in its own process for end-to-end tests: a free port, a fresh data dir, the demo credentials. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/repo-paths.js';
import { freePort, waitForOutput } from '../../scripts/lib/local-stack-process.js';

export interface DevServer {
  base: string;
  /** Its FACEGATE_DATA_DIR (SQLite database, dev-credentials.json), for running the CLIs against it. */
  dataDir: string;
  tenantId: string;
  clientKey: string;
  operatorKey: string;
  /** The demo publishable key, bound to the server's origins (localhost and 127.0.0.1 on its port). */
  publishableKey: string;
  stop(): Promise<void>;
}

/** Starts scripts/dev-server.ts (SQLite, local blobs, the real face engine) with `env` added. */
export async function startDevServer(env: Record<string, string> = {}): Promise<DevServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'facegate-dev-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/dev-server.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), FACEGATE_DATA_DIR: dataDir, FACEGATE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await waitForOutput(child, /FaceGate listening on http:\/\/localhost:\d+[\s\S]*operator key:/, 120_000);
  } catch (err) {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const credentials = JSON.parse(await readFile(path.join(dataDir, 'dev-credentials.json'), 'utf8')) as {
    tenantId: string;
    clientKey: string;
    operatorKey: string;
    publishableKey: string;
  };
  return {
    base: `http://127.0.0.1:${port}`,
    dataDir,
    ...credentials,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
