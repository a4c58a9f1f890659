/**
 * The local stack (`npm start`'s dev server) in a child process on a free port with a fresh data dir, for the
 * benchmarks and the load run: start it, enroll people through the signed-upload flow, stop it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './repo-paths.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Resolves with everything printed once `pattern` appears on stdout; rejects if the process exits first. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dev server exited with ${code}:\n${output}`));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`dev server exited with code ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`dev server did not answer ${url} within ${timeoutMs / 1000} s`);
}

export interface LocalStack {
  base: string;
  /** The demo tenant's client key as a header. */
  auth: { Authorization: string };
  /** The server process, to read its resident memory, say. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts the dev server with `env` on top of this process's environment (rate limits off: we measure the service). */
export async function startLocalStack(env: Record<string, string> = {}): Promise<LocalStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'facegate-stack-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/dev-server.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      FACEGATE_DATA_DIR: dataDir,
      FACEGATE_PUBLIC_URL: base,
      FACEGATE_LOG_LEVEL: 'warn',
      FACEGATE_RATE_LIMIT_PER_IP: '0',
      FACEGATE_RATE_LIMIT_PER_KEY: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${base}/healthz`, child);
    const creds = JSON.parse(await readFile(path.join(dataDir, 'dev-credentials.json'), 'utf8')) as {
      clientKey: string;
    };
    return { base, auth: { Authorization: `Bearer ${creds.clientKey}` }, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Enrolls `username` with one photo; resolves with the enrollment's final status. */
export async function enroll(stack: LocalStack, username: string, photo: Uint8Array): Promise<string> {
  const response = await fetch(`${stack.base}/v1/enrollments`, {
    method: 'POST',
    headers: { ...stack.auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  if (!response.ok) throw new Error(`POST /v1/enrollments: ${response.status} ${await response.text()}`);
  const started = (await response.json()) as {
    enrollmentId: string;
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(started.upload.url, { method: 'PUT', headers: started.upload.headers, body: photo });
  if (!put.ok) throw new Error(`upload failed: ${put.status} ${await put.text()}`);
  let status = 'pending';
  for (let t = 0; t < 300 && (status === 'pending' || status === 'processing'); t++) {
    await new Promise((r) => setTimeout(r, 100));
    const polled = await fetch(`${stack.base}/v1/enrollments/${started.enrollmentId}`, { headers: stack.auth });
    status = ((await polled.json()) as { status: string }).status;
  }
  return status;
}

/** A verify request body for `username` with `photo`. */
export function verifyBody(username: string, photo: Uint8Array): string {
  return JSON.stringify({ username, image: Buffer.from(photo).toString('base64') });
}
