/**
 * Fault: the database stops for 20 s while requests flow. The local stack (`npm start`'s server, face work in a
 * worker) runs on a MariaDB server of the test's own; clients keep starting enrollments and reading them back
 * before, during and after the outage. Every answer must be a success, or 503 with Retry-After: never a 500, never
 * a dropped connection; once the database is back, requests succeed again without restarting the service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../scripts/lib/local-stack-process.js';
import { startOwnMariaDb, type OwnMariaDb } from '../support/own-mariadb.js';

const OUTAGE_MS = 20_000;

let db: OwnMariaDb;
let stack: LocalStack;

beforeAll(async () => {
  db = await startOwnMariaDb();
  stack = await startLocalStack({ FACEGATE_DB_URL: db.url, FACEGATE_FACE_WORKERS: '1' });
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

interface Tally {
  requests: number;
  ok: number;
  unavailable: number;
  unavailableWithoutRetryAfter: number;
  serverErrors: number;
  other: Record<string, number>;
  networkErrors: number;
}

describe('database stopped for 20 s under load', () => {
  it('answers 503 with Retry-After during the outage, never 500, and recovers by itself', async () => {
    const phases: Record<'before' | 'during' | 'after', Tally> = {
      before: blank(),
      during: blank(),
      after: blank(),
    };
    let phase: keyof typeof phases = 'before';
    let running = true;
    let n = 0;
    const call = async (method: string, url: string, body?: string) => {
      const tally = phases[phase];
      tally.requests++;
      try {
        const r = await fetch(url, {
          method,
          headers: { ...stack.auth, 'Content-Type': 'application/json' },
          ...(body ? { body } : {}),
        });
        const text = await r.text();
        if (r.status < 300) tally.ok++;
        else if (r.status === 503) {
          tally.unavailable++;
          if (!/^\d+$/.test(r.headers.get('retry-after') ?? '')) tally.unavailableWithoutRetryAfter++;
        } else if (r.status >= 500) tally.serverErrors++;
        else tally.other[r.status] = (tally.other[r.status] ?? 0) + 1;
        return r.status === 201 ? (JSON.parse(text) as { enrollmentId: string }) : undefined;
      } catch {
        tally.networkErrors++;
        return undefined;
      }
    };
    const client = async () => {
      while (running) {
        const started = await call(
          'POST',
          `${stack.base}/v1/enrollments`,
          JSON.stringify({ username: `fault-${n++}` }),
        );
        if (started) await call('GET', `${stack.base}/v1/enrollments/${started.enrollmentId}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const clients = Array.from({ length: 4 }, client);

    await new Promise((r) => setTimeout(r, 3000));
    phase = 'during';
    await db.stop();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await db.start();
    phase = 'after';
    // The pool reconnects on demand; give it a few seconds of traffic.
    await new Promise((r) => setTimeout(r, 6000));
    running = false;
    await Promise.all(clients);

    console.log(JSON.stringify({ databaseOutage: phases }));
    for (const [name, t] of Object.entries(phases)) {
      expect(t.serverErrors, `${name}: 500s`).toBe(0);
      expect(t.networkErrors, `${name}: dropped connections`).toBe(0);
      expect(t.unavailableWithoutRetryAfter, `${name}: 503 without Retry-After`).toBe(0);
      expect(t.other, `${name}: other statuses`).toEqual({});
    }
    expect(phases.before.ok).toBeGreaterThan(0);
    expect(phases.during.unavailable).toBeGreaterThan(0);
    expect(phases.after.ok).toBeGreaterThan(0);
    // Recovered: the last requests of the run succeed.
    const last = await call('POST', `${stack.base}/v1/enrollments`, JSON.stringify({ username: 'after-outage' }));
    expect(last?.enrollmentId).toBeTruthy();
  }, 180_000);
});

function blank(): Tally {
  return {
    requests: 0,
    ok: 0,
    unavailable: 0,
    unavailableWithoutRetryAfter: 0,
    serverErrors: 0,
    other: {},
    networkErrors: 0,
  };
}
