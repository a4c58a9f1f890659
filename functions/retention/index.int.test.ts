/**
 * The `retention` function through the Functions Framework's test server, fed what its push subscription sends
 * (a raw Pub/Sub push body on the path that names the tick topic). The job is replaced by a spy; 2xx acknowledges
 * the tick, anything else has Pub/Sub redeliver it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { MockInstance } from 'vitest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const job = vi.hoisted(() => ({ runs: 0, failure: undefined as Error | undefined }));

vi.mock('../../shared/jobs/retention-job.js', () => ({
  retentionTick: () => {
    job.runs += 1;
    return job.failure ? Promise.reject(job.failure) : Promise.resolve();
  },
}));

await import('./index.js');

let server: Server;
let url: string;
let consoleError: MockInstance<typeof console.error>;

beforeAll(async () => {
  server = getTestServer('retention');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  job.runs = 0;
  job.failure = undefined;
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => consoleError.mockRestore());

/** What Pub/Sub POSTs for the scheduler's tick (see infra/components/push-delivery.ts). */
function pushTick(): Promise<Response> {
  return fetch(`${url}/projects/acme-prod/topics/acme-retention.tick`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: {
        data: Buffer.from(JSON.stringify({ trigger: 'schedule' })).toString('base64'),
        attributes: { topic: 'retention.tick' },
        messageId: '7001',
        publishTime: '2026-01-01T03:30:00.000Z',
      },
      subscription: 'projects/acme-prod/subscriptions/acme-retention.tick.retention',
    }),
  });
}

describe('retention function', () => {
  it('runs the retention job once per pushed tick and acknowledges it', async () => {
    const response = await pushTick();
    expect(response.status).toBe(204);
    expect(job.runs).toBe(1);
  });

  it('answers a failed run with an error, so Pub/Sub redelivers the tick', async () => {
    job.failure = new Error('database unavailable');
    const response = await pushTick();
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(job.runs).toBe(1);
  });
});
