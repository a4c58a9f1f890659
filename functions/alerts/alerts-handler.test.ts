import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/app/app-error.js';
import type { FaceGateApp } from '../../shared/app/facegate-app.js';
import { validEvent } from '../../shared/events/event-factories.test-support.js';
import type { LogEntry } from '../../shared/http/structured-log.js';
import { handleSecurityAlertEvent } from './handle-security-alert-event.js';

/** A `messagePublished` CloudEvent carrying `payload` as the Pub/Sub message data. */
function published(payload: unknown, attributes: Record<string, string> = { topic: 'security.alert.v1' }) {
  return {
    id: 'ev-1',
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    source: '//pubsub.googleapis.com/projects/p/topics/security.alert.v1',
    data: {
      message: { data: Buffer.from(JSON.stringify(payload)).toString('base64'), messageId: 'm1', attributes },
      subscription: 'projects/p/subscriptions/alerts',
    },
  };
}

function setUp() {
  // The one method the handler calls.
  const app = {
    onSecurityAlert: vi.fn<FaceGateApp['onSecurityAlert']>(() => Promise.resolve()),
  } satisfies Pick<FaceGateApp, 'onSecurityAlert'>;
  const logs: LogEntry[] = [];
  return { app, logs, log: (e: LogEntry) => void logs.push(e) };
}

describe('handleSecurityAlertEvent', () => {
  it('hands a valid alert to the alerts use case', async () => {
    const { app, logs, log } = setUp();
    const alert = validEvent('security.alert.v1', 'ten_a');
    await handleSecurityAlertEvent(app, published(alert), log);
    expect(app.onSecurityAlert.mock.calls).toEqual([[alert]]);
    expect(logs).toEqual([]);
  });

  it.each([
    ['an invalid payload', published({ ...validEvent('security.alert.v1'), severity: 'apocalyptic' })],
    ['another topic', published(validEvent('auth.attempted.v1'), { topic: 'auth.attempted.v1' })],
    ['no message', { id: 'ev-2', data: {} }],
  ])('acknowledges %s without calling the use case, and logs why', async (_name, event) => {
    const { app, logs, log } = setUp();
    await handleSecurityAlertEvent(app, event, log);
    expect(app.onSecurityAlert).not.toHaveBeenCalled();
    expect(logs).toEqual([expect.objectContaining({ severity: 'WARNING' })]);
  });

  it('throws a transient failure so Pub/Sub redelivers, and acknowledges a bug', async () => {
    const { app, logs, log } = setUp();
    const event = published(validEvent('security.alert.v1'));
    app.onSecurityAlert.mockRejectedValue(
      Object.assign(new Error('connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' }),
    );
    await expect(handleSecurityAlertEvent(app, event, log)).rejects.toThrow('connection lost');
    app.onSecurityAlert.mockRejectedValue(new AppError(503, 'unavailable', 'database down'));
    await expect(handleSecurityAlertEvent(app, event, log)).rejects.toMatchObject({ status: 503 });
    app.onSecurityAlert.mockRejectedValue(new TypeError('x is undefined'));
    await expect(handleSecurityAlertEvent(app, event, log)).resolves.toBeUndefined();
    expect(logs.map((l) => l.severity)).toEqual(['ERROR', 'ERROR', 'ERROR']);
  });
});
