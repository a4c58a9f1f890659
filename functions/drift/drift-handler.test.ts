import { describe, expect, it, vi } from 'vitest';
import type { DriftReportView, FaceGateApp } from '../../shared/app/facegate-app.js';
import { validEvent } from '../../shared/events/event-factories.test-support.js';
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

/** The two methods the handler calls: the drift check finds drift in the one tenant it checks. */
function driftApp() {
  const window = { start: '2025-01-02T00:00:00.000Z', end: '2025-01-03T00:00:00.000Z', count: 120 };
  const drifted: DriftReportView = {
    id: 'drf_1',
    modelVersion: 'frn128-flip-v1',
    status: 'drift',
    severity: 'alert',
    window,
    reference: window,
    moved: ['brightness'],
    features: [],
    createdAt: '2025-01-03T00:00:01.000Z',
  };
  const app = {
    runDriftCheck: vi.fn<FaceGateApp['runDriftCheck']>(() => Promise.resolve([drifted])),
    onCaptureObserved: vi.fn<FaceGateApp['onCaptureObserved']>(() => Promise.resolve()),
  } satisfies Pick<FaceGateApp, 'runDriftCheck' | 'onCaptureObserved'>;
  return app;
}

describe('handleDriftMessage', () => {
  it('runs the drift check on a tick and logs what it found', async () => {
    const app = driftApp();
    const logs: LogEntry[] = [];
    await handleDriftMessage(app, published({ trigger: 'schedule', tenantId: 'ten_a' }, 'drift.tick'), (e) =>
      logs.push(e),
    );
    expect(app.runDriftCheck.mock.calls).toEqual([[{ tenantId: 'ten_a' }]]);
    expect(logs[0]).toMatchObject({ severity: 'WARNING', message: 'drift: checked 1 tenant(s), drift in 1' });
  });

  it('stores an observation, and throws a failed store so Pub/Sub redelivers it', async () => {
    const app = driftApp();
    const event = validEvent('capture.observed.v1');
    await handleDriftMessage(app, published(event, 'capture.observed.v1'), () => undefined);
    expect(app.onCaptureObserved.mock.calls).toEqual([[event]]);
    app.onCaptureObserved.mockRejectedValue(new Error('database unavailable'));
    await expect(handleDriftMessage(app, published(event, 'capture.observed.v1'), () => undefined)).rejects.toThrow(
      'database unavailable',
    );
  });

  it('acknowledges a malformed message with a warning, and logs a failed check without retrying it', async () => {
    const app = driftApp();
    const logs: LogEntry[] = [];
    await handleDriftMessage(app, published({ trigger: 'manual' }, 'drift.tick'), (e) => logs.push(e));
    expect(logs[0]?.severity).toBe('WARNING');
    expect(app.runDriftCheck).not.toHaveBeenCalled();
    app.runDriftCheck.mockRejectedValue(new Error('boom'));
    await handleDriftMessage(app, published({ trigger: 'schedule' }, 'drift.tick'), (e) => logs.push(e));
    expect(logs[1]).toMatchObject({ severity: 'ERROR' });
    expect(String(logs[1]?.message)).toContain('boom');
  });
});
