import { describe, expect, it } from 'vitest';
import { validEvent } from '../../shared/events/event-factories.test-support.js';
import { FakeFaceGateApp } from '../../shared/http/fake-facegate-app.test-support.js';
import type { LogEntry } from '../../shared/http/structured-log.js';
import { parseDriftMessage } from './drift-message.js';
import { handleDriftMessage } from './handle-drift-message.js';

/** A Pub/Sub messagePublished CloudEvent carrying `body` with the given topic attribute. */
function published(body: unknown, topic?: string, raw?: string) {
  return {
    id: 'm1',
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    source: `//pubsub.googleapis.com/projects/p/topics/prod-${topic ?? 'unknown'}`,
    data: {
      message: {
        data: raw ?? Buffer.from(JSON.stringify(body)).toString('base64'),
        ...(topic ? { attributes: { topic } } : {}),
        messageId: '42',
      },
      subscription: 'projects/p/subscriptions/s',
    },
  };
}

describe('parseDriftMessage', () => {
  it("reads the schedule's tick, with or without one tenant", () => {
    expect(parseDriftMessage(published({ trigger: 'schedule' }, 'drift.tick'))).toEqual({ kind: 'tick' });
    expect(parseDriftMessage(published({ trigger: 'schedule', tenantId: 'ten_1' }, 'drift.tick'))).toEqual({
      kind: 'tick',
      tenantId: 'ten_1',
    });
  });

  it('reads a capture.observed.v1 event, validated against its contract', () => {
    const event = validEvent('capture.observed.v1');
    expect(parseDriftMessage(published(event, 'capture.observed.v1'))).toEqual({ kind: 'observation', event });
  });

  it('refuses a tick that is not JSON or not a schedule tick, and an observation carrying an embedding', () => {
    expect(() => parseDriftMessage(published(null, 'drift.tick', '!!!'))).toThrow(/base64-encoded JSON/);
    expect(() => parseDriftMessage(published({ trigger: 'manual' }, 'drift.tick'))).toThrow(/invalid drift tick/);
    const smuggled = { ...validEvent('capture.observed.v1'), embedding: [0.1, 0.2] };
    expect(() => parseDriftMessage(published(smuggled, 'capture.observed.v1'))).toThrow(/unrecognized key/i);
  });
});

describe('handleDriftMessage', () => {
  it('runs the drift check on a tick and logs what it found', async () => {
    const app = new FakeFaceGateApp();
    const logs: LogEntry[] = [];
    await handleDriftMessage(app, published({ trigger: 'schedule', tenantId: 'ten_a' }, 'drift.tick'), (e) =>
      logs.push(e),
    );
    expect(app.lastCall('runDriftCheck')).toEqual([{ tenantId: 'ten_a' }]);
    expect(logs[0]).toMatchObject({ severity: 'WARNING', message: 'drift: checked 1 tenant(s), drift in 1' });
  });

  it('stores an observation, and throws a failed store so Pub/Sub redelivers it', async () => {
    const app = new FakeFaceGateApp();
    const event = validEvent('capture.observed.v1');
    await handleDriftMessage(app, published(event, 'capture.observed.v1'), () => undefined);
    expect(app.lastCall('onCaptureObserved')).toEqual([event]);
    app.failures.set('onCaptureObserved', new Error('database unavailable'));
    await expect(handleDriftMessage(app, published(event, 'capture.observed.v1'), () => undefined)).rejects.toThrow(
      'database unavailable',
    );
  });

  it('acknowledges a malformed message with a warning, and logs a failed check without retrying it', async () => {
    const app = new FakeFaceGateApp();
    const logs: LogEntry[] = [];
    await handleDriftMessage(app, published({ trigger: 'manual' }, 'drift.tick'), (e) => logs.push(e));
    expect(logs[0]?.severity).toBe('WARNING');
    expect(app.lastCall('runDriftCheck')).toBeUndefined();
    app.failures.set('runDriftCheck', new Error('boom'));
    await handleDriftMessage(app, published({ trigger: 'schedule' }, 'drift.tick'), (e) => logs.push(e));
    expect(logs[1]).toMatchObject({ severity: 'ERROR' });
    expect(String(logs[1]?.message)).toContain('boom');
  });
});
