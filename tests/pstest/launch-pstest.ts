/**
 * Starts the pstest Pub/Sub fake for a test suite (via ./start.sh, which builds it on first use) and stops it.
 * Fails loudly, with the build log, when it cannot be built or started: the Pub/Sub tests must never be skipped.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunningPstest {
  /** `host:port`, the value for PUBSUB_EMULATOR_HOST. */
  host: string;
  stop(): Promise<void>;
}

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'start.sh');

/**
 * Builds if needed and starts pstest on `port` (default a free one); resolves once it serves. A fault test restarts
 * it on the port it had: pstest keeps everything in memory, so topics and subscriptions must be created again.
 */
export function startPstest(timeoutMs = 240_000, port = 0): Promise<RunningPstest> {
  // stdin stays an open pipe: pstest exits when it closes, so a crashed test run leaves nothing behind.
  const child = spawn('bash', [script, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin.end();
      child.kill('SIGTERM');
      await exited;
    }
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`pstest did not start within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /PSTEST_ADDR=(\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ host: match[1], stop });
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`pstest could not be launched: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`pstest exited (code ${code ?? 'none'}, signal ${signal ?? 'none'}) before serving:\n${log}`));
    });
  });
}
