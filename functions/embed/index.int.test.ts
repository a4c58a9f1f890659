/**
 * The `embed` function through the Functions Framework's test server, fed CloudEvents the way Eventarc delivers
 * them (binary content mode: `ce-*` headers, the object's metadata as the JSON body) and the bucket notification
 * the stack's push subscription delivers. The composition is replaced by a stub of the one method the function calls; the status code is
 * what the sender acts on: 2xx acknowledges, anything else is retried.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { MockInstance } from 'vitest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/app/app-error.js';
import type { FaceGateApp } from '../../shared/app/facegate-app.js';
import { OBJECT_FINALIZED_TYPE } from './storage-object-event.js';

const state = vi.hoisted((): { app: unknown } => ({ app: undefined }));

vi.mock('../../shared/compose.js', () => ({
  compose: () => Promise.resolve({ app: state.app, config: { logLevel: 'info' } }),
}));

await import('./index.js');

/** The one method the function calls. */
const app = {
  onObjectFinalized: vi.fn<FaceGateApp['onObjectFinalized']>(),
} satisfies Pick<FaceGateApp, 'onObjectFinalized'>;
state.app = app;

const OBJECT = {
  kind: 'storage#object',
  bucket: 'facegate-captures',
  name: 'tenants/ten_a/users/usr_1/enroll/cap_1.jpg',
  generation: '1717171717171717',
  metageneration: '1',
  contentType: 'image/jpeg',
  size: '48213',
  timeCreated: '2025-01-01T00:00:00.000Z',
};

let server: Server;
let url: string;
let stdout: MockInstance<typeof process.stdout.write>;
let consoleError: MockInstance<typeof console.error>;

beforeAll(async () => {
  server = getTestServer('embed');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  app.onObjectFinalized.mockReset();
  app.onObjectFinalized.mockResolvedValue(undefined);
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  // The framework prints the stack of a thrown error itself; keep the test output readable.
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  stdout.mockRestore();
  consoleError.mockRestore();
});

function deliver(data: unknown, type = OBJECT_FINALIZED_TYPE): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ce-id': '1234567890',
      'ce-specversion': '1.0',
      'ce-type': type,
      'ce-source': '//storage.googleapis.com/projects/_/buckets/facegate-captures',
      'ce-subject': 'objects/tenants/ten_a/users/usr_1/enroll/cap_1.jpg',
      'ce-time': '2025-01-01T00:00:00.000Z',
    },
    body: JSON.stringify(data),
  });
}

/** What the stack's push subscription POSTs for the bucket's notification (infra/components/embed-function.ts). */
function push(object: unknown, eventType = 'OBJECT_FINALIZE'): Promise<Response> {
  return fetch(`${url}projects/acme-prod/topics/acme-uploads.finalized`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: {
        data: Buffer.from(JSON.stringify(object)).toString('base64'),
        attributes: { eventType, payloadFormat: 'JSON_API_V1', bucketId: 'facegate-captures' },
        messageId: '5550001',
        publishTime: '2025-01-01T00:00:00.000Z',
      },
      subscription: 'projects/acme-prod/subscriptions/acme-uploads.finalized.embed',
    }),
  });
}

function logLines(): Record<string, unknown>[] {
  return stdout.mock.calls
    .map(([chunk]) => String(chunk))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('embed function', () => {
  it('hands a finalized object to the embed use case and acknowledges', async () => {
    const response = await deliver(OBJECT);
    expect(response.ok).toBe(true);
    expect(app.onObjectFinalized.mock.lastCall).toEqual([
      {
        bucket: 'facegate-captures',
        name: 'tenants/ten_a/users/usr_1/enroll/cap_1.jpg',
        generation: '1717171717171717',
        contentType: 'image/jpeg',
        size: 48213,
      },
    ]);
  });

  it.each([
    ['without a name', { ...OBJECT, name: undefined }],
    ['with a non-numeric generation', { ...OBJECT, generation: 'abc' }],
    ['with a negative size', { ...OBJECT, size: -1 }],
  ])('acknowledges an event %s without calling the use case, and logs why', async (_name, data) => {
    const response = await deliver(data);
    expect(response.ok).toBe(true);
    expect(app.onObjectFinalized.mock.lastCall).toBeUndefined();
    expect(logLines()).toEqual([expect.objectContaining({ severity: 'WARNING' })]);
  });

  it('takes the same object from the bucket notification its push subscription delivers', async () => {
    const response = await push(OBJECT);
    expect(response.ok).toBe(true);
    expect(app.onObjectFinalized.mock.lastCall).toEqual([
      {
        bucket: 'facegate-captures',
        name: 'tenants/ten_a/users/usr_1/enroll/cap_1.jpg',
        generation: '1717171717171717',
        contentType: 'image/jpeg',
        size: 48213,
      },
    ]);
  });

  it('ignores a notification of another kind, and fails a pushed delivery whose cause is transient', async () => {
    expect((await push(OBJECT, 'OBJECT_DELETE')).ok).toBe(true);
    expect(app.onObjectFinalized.mock.lastCall).toBeUndefined();
    expect(logLines()).toEqual([expect.objectContaining({ severity: 'WARNING' })]);
    app.onObjectFinalized.mockRejectedValue(new AppError(503, 'unavailable', 'engine warming up'));
    expect((await push(OBJECT)).status).toBe(500);
  });

  it('ignores events of another type', async () => {
    expect((await deliver(OBJECT, 'google.cloud.storage.object.v1.deleted')).ok).toBe(true);
    expect(app.onObjectFinalized.mock.lastCall).toBeUndefined();
  });

  it('fails the delivery (so it is retried) when the cause is transient', async () => {
    app.onObjectFinalized.mockRejectedValue(
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:3306'), { code: 'ECONNREFUSED' }),
    );
    const refused = await deliver(OBJECT);
    expect(refused.status).toBe(500);
    app.onObjectFinalized.mockRejectedValue(new AppError(503, 'unavailable', 'engine warming up'));
    expect((await deliver(OBJECT)).status).toBe(500);
    expect(logLines().filter((l) => l.severity === 'ERROR')).toHaveLength(2);
  });

  it('acknowledges a refusal or a bug: a redelivery would fail the same way', async () => {
    app.onObjectFinalized.mockRejectedValue(new AppError(422, 'not_an_image', 'the upload is not an image'));
    expect((await deliver(OBJECT)).ok).toBe(true);
    app.onObjectFinalized.mockRejectedValue(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect((await deliver(OBJECT)).ok).toBe(true);
    expect(logLines().map((l) => l.severity)).toEqual(['WARNING', 'ERROR']);
  });
});
