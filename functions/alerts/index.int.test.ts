/**
 * The `alerts` function through the Functions Framework's test server, fed the CloudEvent Eventarc delivers for a
 * Pub/Sub message (binary content mode: `ce-*` headers, `{message, subscription}` as the JSON body). The
 * composition is replaced by a stub of the one method the function calls; 2xx acknowledges, anything else is retried.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { MockInstance } from 'vitest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { validEvent } from '../../shared/events/event-factories.test-support.js';
import type { FaceGateApp } from '../../shared/app/facegate-app.js';

const state = vi.hoisted((): { app: unknown } => ({ app: undefined }));

vi.mock('../../shared/compose.js', () => ({
  compose: () => Promise.resolve({ app: state.app, config: { logLevel: 'info' } }),
}));

await import('./index.js');

/** The one method the function calls. */
const app = {
  onSecurityAlert: vi.fn<FaceGateApp['onSecurityAlert']>(),
} satisfies Pick<FaceGateApp, 'onSecurityAlert'>;
state.app = app;

let server: Server;
let url: string;
let stdout: MockInstance<typeof process.stdout.write>;
let consoleError: MockInstance<typeof console.error>;

beforeAll(async () => {
  server = getTestServer('alerts');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  app.onSecurityAlert.mockReset();
  app.onSecurityAlert.mockResolvedValue(undefined);
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  stdout.mockRestore();
  consoleError.mockRestore();
});

function deliver(payload: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ce-id': '9876543210',
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-source': '//pubsub.googleapis.com/projects/facegate/topics/security.alert.v1',
      'ce-time': '2026-01-01T00:00:00.000Z',
    },
    body: JSON.stringify({
      message: {
        data: Buffer.from(JSON.stringify(payload)).toString('base64'),
        attributes: { topic: 'security.alert.v1' },
        messageId: '9876543210',
        publishTime: '2026-01-01T00:00:00.000Z',
      },
      subscription: 'projects/facegate/subscriptions/alerts',
    }),
  });
}

describe('alerts function', () => {
  it('records a published alert and acknowledges', async () => {
    const alert = validEvent('security.alert.v1', 'ten_a');
    const response = await deliver(alert);
    expect(response.ok).toBe(true);
    expect(app.onSecurityAlert.mock.lastCall).toEqual([alert]);
  });

  it('takes the raw body its push subscription POSTs, the topic named by the path (infra push-delivery.ts)', async () => {
    const alert = validEvent('security.alert.v1', 'ten_a');
    const response = await fetch(`${url}projects/acme-prod/topics/acme-security.alert.v1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        // No `topic` attribute: the topic comes from the push path, as the Functions Framework reads it.
        message: { data: Buffer.from(JSON.stringify(alert)).toString('base64'), messageId: '77' },
        subscription: 'projects/acme-prod/subscriptions/acme-security.alert.v1.alerts',
      }),
    });
    expect(response.ok).toBe(true);
    expect(app.onSecurityAlert.mock.lastCall).toEqual([alert]);
    app.onSecurityAlert.mockRejectedValue(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const retried = await fetch(`${url}projects/acme-prod/topics/acme-security.alert.v1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        message: { data: Buffer.from(JSON.stringify(alert)).toString('base64'), messageId: '78' },
        subscription: 'projects/acme-prod/subscriptions/acme-security.alert.v1.alerts',
      }),
    });
    expect(retried.status).toBe(500);
  });

  it('acknowledges a message that is not a valid alert', async () => {
    expect((await deliver({ hello: 'world' })).ok).toBe(true);
    expect(app.onSecurityAlert.mock.lastCall).toBeUndefined();
  });

  it('fails the delivery when the cause is transient, so Pub/Sub retries', async () => {
    app.onSecurityAlert.mockRejectedValue(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect((await deliver(validEvent('security.alert.v1'))).status).toBe(500);
  });
});
