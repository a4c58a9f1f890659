/**
 * `npm start` as a person runs it, stopped the ways it gets stopped: SIGTERM to npm (a terminal closing, a process
 * manager) must take the server down with it, and so must npm dying outright (SIGKILL), which leaves nobody to
 * pass a signal on. Before the fix a shell and a tsx wrapper sat between npm and the server and the server kept
 * answering. The pre-start web build is skipped (--ignore-scripts): it is not what is tested here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './lib/local-stack-process.js';
import { REPO_ROOT } from './lib/repo-paths.js';

const started: { child: ChildProcess; dataDir: string }[] = [];

afterAll(async () => {
  for (const { child, dataDir } of started) {
    // Whatever is left of the process group (npm, the server) goes.
    if (child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  }
});

async function startNpm(): Promise<{ child: ChildProcess; base: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'facegate-npm-start-'));
  const port = await freePort();
  const child = spawn('npm', ['start', '--ignore-scripts', '--silent'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), FACEGATE_DATA_DIR: dataDir, FACEGATE_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  started.push({ child, dataDir });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (!(await answers(base))) {
    if (Date.now() > deadline) throw new Error('npm start did not answer within 90 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, base };
}

async function answers(base: string): Promise<boolean> {
  try {
    return (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

async function stopsAnswering(base: string, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!(await answers(base))) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

describe('npm start stopping', () => {
  it('stops answering when npm gets SIGTERM', async () => {
    const { child, base } = await startNpm();
    child.kill('SIGTERM');
    expect(await stopsAnswering(base, 10_000)).toBe(true);
  }, 120_000);

  it('stops answering when npm is killed outright', async () => {
    const { child, base } = await startNpm();
    child.kill('SIGKILL');
    expect(await stopsAnswering(base, 10_000)).toBe(true);
  }, 120_000);
});
