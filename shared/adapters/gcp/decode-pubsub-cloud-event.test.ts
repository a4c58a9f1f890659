import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../../events/errors.js';
import { validEvent } from '../../events/event-factories.test-support.js';
import { decodePubSubCloudEvent } from './decode-pubsub-cloud-event.js';
import { eventAttributes } from './pubsub-event-bus.js';

const event = validEvent('auth.attempted.v1', 'tenant-a');
const message = {
  data: Buffer.from(JSON.stringify(event)).toString('base64'),
  attributes: eventAttributes('auth.attempted.v1', event),
  messageId: '1234',
  publishTime: '2025-03-01T12:00:01.000Z',
};
const cloudEvent = {
  specversion: '1.0',
  type: 'google.cloud.pubsub.topic.v1.messagePublished',
  source: '//pubsub.googleapis.com/projects/facegate/topics/prod-auth.attempted.v1',
  data: { message, subscription: 'projects/facegate/subscriptions/alerts' },
};

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof InvalidEventError) return error.code;
    throw error;
  }
}

describe('decodePubSubCloudEvent', () => {
  it('decodes a messagePublished CloudEvent into the validated event', () => {
    expect(decodePubSubCloudEvent(cloudEvent, 'auth.attempted.v1')).toEqual({
      topic: 'auth.attempted.v1',
      event,
      messageId: '1234',
      publishTime: '2025-03-01T12:00:01.000Z',
      attributes: { topic: 'auth.attempted.v1', schemaVersion: '1', tenantId: 'tenant-a', eventId: event.eventId },
    });
  });

  it('decodes a push request body and tells the topic from the attribute when none is expected', () => {
    const decoded = decodePubSubCloudEvent({ message, subscription: 'projects/p/subscriptions/s' });
    expect(decoded.topic).toBe('auth.attempted.v1');
    expect(decoded.event).toEqual(event);
  });

  it('falls back to the topic in the CloudEvent source', () => {
    const bare = { ...cloudEvent, source: '//pubsub.googleapis.com/projects/p/topics/auth.attempted.v1' };
    const withoutAttributes = { ...bare, data: { message: { ...message, attributes: {} } } };
    expect(decodePubSubCloudEvent(withoutAttributes).topic).toBe('auth.attempted.v1');
  });

  it('refuses a message meant for another topic', () => {
    expect(codeOf(() => decodePubSubCloudEvent(cloudEvent, 'security.alert.v1'))).toBe('unknown_topic');
    const unknown = { message: { ...message, attributes: { topic: 'auth.attempted.v9' } } };
    expect(codeOf(() => decodePubSubCloudEvent(unknown))).toBe('unknown_topic');
  });

  it('refuses malformed deliveries and invalid payloads with typed errors', () => {
    const cases: [unknown, string][] = [
      [null, 'malformed_message'],
      ['a string', 'malformed_message'],
      [{ data: {} }, 'malformed_message'],
      [{ message: { attributes: message.attributes } }, 'malformed_message'],
      [{ message: { ...message, data: Buffer.from('not json').toString('base64') } }, 'malformed_message'],
      [{ message: { ...message, data: 42 } }, 'malformed_message'],
      [
        { message: { ...message, data: Buffer.from(JSON.stringify({ ...event, score: 'high' })).toString('base64') } },
        'invalid_payload',
      ],
    ];
    for (const [input, code] of cases)
      expect(codeOf(() => decodePubSubCloudEvent(input, 'auth.attempted.v1'))).toBe(code);
  });
});
