import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/app/app-error.js';
import type { FaceGateApp } from '../../shared/app/facegate-app.js';
import { InvalidEventError } from '../../shared/events/errors.js';
import type { LogEntry } from '../../shared/http/structured-log.js';
import { handleObjectFinalized } from './handle-object-finalized.js';
import { OBJECT_FINALIZED_TYPE, parseObjectFinalized } from './storage-object-event.js';
import { isTransientError } from './transient-error.js';

const data = {
  bucket: 'b',
  name: 'tenants/t/users/u/enroll/c.jpg',
  generation: '42',
  size: '10',
  contentType: 'image/png',
};

describe('parseObjectFinalized', () => {
  it('reads the JSON API shape: int64 fields as strings', () => {
    expect(parseObjectFinalized({ type: OBJECT_FINALIZED_TYPE, data })).toEqual({
      ok: true,
      event: {
        bucket: 'b',
        name: 'tenants/t/users/u/enroll/c.jpg',
        generation: '42',
        size: 10,
        contentType: 'image/png',
      },
    });
  });

  it('accepts numbers, a JSON string payload, and a missing content type', () => {
    const parsed = parseObjectFinalized({
      data: JSON.stringify({ ...data, generation: 42, size: 10, contentType: undefined }),
    });
    expect(parsed).toEqual({ ok: true, event: { bucket: 'b', name: data.name, generation: '42', size: 10 } });
  });

  it.each([
    [{ type: 'google.cloud.storage.object.v1.deleted', data }, 'unexpected event type'],
    [{ data: null }, 'invalid object data'],
    [{ data: '{not json' }, 'invalid object data'],
    [{ data: { ...data, bucket: '' } }, 'bucket'],
    [{ data: { ...data, generation: '1e3' } }, 'generation'],
    [{ data: { ...data, size: '99999999999999999999' } }, 'size'],
  ])('refuses %j', (event, reason) => {
    const parsed = parseObjectFinalized(event);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });
});

describe('isTransientError', () => {
  it.each([
    ['a lost MySQL connection', Object.assign(new Error('lost'), { code: 'PROTOCOL_CONNECTION_LOST' })],
    ['a busy SQLite database', Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' })],
    ['a Cloud Storage 503', Object.assign(new Error('backend'), { code: 503 })],
    ['a gRPC UNAVAILABLE', Object.assign(new Error('unavailable'), { code: 14 })],
    ['an AppError 503', new AppError(503, 'unavailable', 'x')],
    ['an AppError 429', new AppError(429, 'rate_limited', 'x')],
    [
      'a transient cause',
      new Error('embed failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }),
    ],
  ])('retries %s', (_name, error) => expect(isTransientError(error)).toBe(true));

  it.each([
    ['an AppError 422', new AppError(422, 'not_an_image', 'x')],
    ['an invalid event', new InvalidEventError('invalid_payload', 'x')],
    ['a TypeError', new TypeError('x is undefined')],
    ['a Cloud Storage 404', Object.assign(new Error('no such object'), { code: 404 })],
    ['a plain error', new Error('something')],
    ['a non-error', 'string thrown'],
  ])('does not retry %s', (_name, error) => expect(isTransientError(error)).toBe(false));
});

/** The one method the handler calls; it succeeds unless a test makes it fail. */
function embedApp() {
  return {
    onObjectFinalized: vi.fn<FaceGateApp['onObjectFinalized']>(() => Promise.resolve()),
  } satisfies Pick<FaceGateApp, 'onObjectFinalized'>;
}

describe('handleObjectFinalized', () => {
  it('logs the event id of an ignored event, and does not call the app', async () => {
    const logs: LogEntry[] = [];
    const app = embedApp();
    await handleObjectFinalized(app, { id: 'ev-9', type: OBJECT_FINALIZED_TYPE, data: {} }, (e) => logs.push(e));
    expect(logs).toEqual([expect.objectContaining({ severity: 'WARNING', eventId: 'ev-9' })]);
    expect(app.onObjectFinalized).not.toHaveBeenCalled();
  });
});

describe('handleObjectFinalized on a run that must come back later', () => {
  it('rethrows an AppError 503 for a redelivery and logs it as a warning, not an error', async () => {
    const logs: LogEntry[] = [];
    const app = embedApp();
    app.onObjectFinalized.mockRejectedValue(
      new AppError(503, 'enrollment_in_progress', 'Enrollment enr_1 is being processed by another run'),
    );
    const event = {
      id: 'ev-10',
      type: OBJECT_FINALIZED_TYPE,
      data: { bucket: 'b', name: 'tenants/t/users/u/enroll/c', generation: '1', contentType: 'image/jpeg', size: '3' },
    };
    await expect(handleObjectFinalized(app, event, (e) => logs.push(e))).rejects.toMatchObject({
      code: 'enrollment_in_progress',
    });
    expect(logs).toEqual([expect.objectContaining({ severity: 'WARNING', eventId: 'ev-10' })]);
  });
});
