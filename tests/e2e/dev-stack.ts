/**
 * The local stack for the browser scenarios: `scripts/dev-server.ts` in a child process on a free port, with a
 * fresh data directory (so the demo tenant, its keys and its database are new) and the public URL set to it.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/lib/local-stack-process.js';
import { REPO_ROOT } from '../../scripts/lib/repo-paths.js';

export interface DevCredentials {
  tenantId: string;
  clientKey: string;
  operatorKey: string;
}

export interface DevStack {
  baseUrl: string;
  dataDir: string;
  credentials: DevCredentials;
  /** The server's output so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export async function startDevStack(
  options: { startTimeoutMs?: number; keepDataDir?: boolean } = {},
): Promise<DevStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'facegate-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/dev-server.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      FACEGATE_DATA_DIR: dataDir,
      FACEGATE_PUBLIC_URL: baseUrl,
      FACEGATE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    await stopChild(child);
    if (!options.keepDataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(`${baseUrl}/healthz`, child, options.startTimeoutMs ?? 120_000, () => output);
    const credentials = JSON.parse(
      await readFile(path.join(dataDir, 'dev-credentials.json'), 'utf8'),
    ) as DevCredentials;
    return { baseUrl, dataDir, credentials, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUntilHealthy(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the dev server exited with code ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the dev server did not become healthy at ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

/** SIGTERM (the server drains and exits), then SIGKILL if it has not gone within 10 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
