/**
 * PubSubEventBus against Google's in-memory Pub/Sub fake (pstest), built from Debian's packaged Go sources by
 * tests/pstest/start.sh. If it cannot be built or started, beforeAll fails and so does every test here.
 */
import { randomUUID } from 'node:crypto';
import { PubSub } from '@google-cloud/pubsub';
import type { Message } from '@google-cloud/pubsub';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { validEvent } from '../../events/event-factories.test-support.js';
import { eventBusContract, waitFor } from '../../ports/event-bus.contract.js';
import type { RunningPstest } from '../../../tests/pstest/launch-pstest.js';
import { startPstest } from '../../../tests/pstest/launch-pstest.js';
import { decodePubSubCloudEvent } from './decode-pubsub-cloud-event.js';
import { PubSubEventBus } from './pubsub-event-bus.js';

const PROJECT = 'facegate-test';
let pstest: RunningPstest;
let previousHost: string | undefined;

beforeAll(async () => {
  pstest = await startPstest();
  previousHost = process.env['PUBSUB_EMULATOR_HOST'];
  process.env['PUBSUB_EMULATOR_HOST'] = pstest.host;
}, 300_000);

afterAll(async () => {
  if (previousHost === undefined) delete process.env['PUBSUB_EMULATOR_HOST'];
  else process.env['PUBSUB_EMULATOR_HOST'] = previousHost;
  await pstest?.stop();
});

const newClient = () => new PubSub({ projectId: PROJECT });

eventBusContract('PubSubEventBus on pstest', () => {
  const pubsub = newClient();
  // The contract makes handlers fail on purpose; their reports would only be noise here.
  const bus = new PubSubEventBus({ pubsub, createMissing: true, onError: () => undefined });
  return Promise.resolve({
    bus,
    settle: () => new Promise((resolve) => setTimeout(resolve, 750)),
    cleanup: async () => {
      await bus.close();
      await pubsub.close();
    },
  });
});

describe('PubSubEventBus on the wire', () => {
  it('publishes JSON with schemaVersion, tenantId, eventId and topic attributes, decodable as a CloudEvent', async () => {
    const pubsub = newClient();
    const prefix = `t${randomUUID().slice(0, 8)}-`;
    const bus = new PubSubEventBus({ pubsub, createMissing: true, topicPrefix: prefix });
    const topicId = bus.topicId('face.enrolled.v1');
    expect(topicId).toBe(`${prefix}face.enrolled.v1`);
    await pubsub.createTopic(topicId);
    const [raw] = await pubsub.topic(topicId).createSubscription(`${topicId}.raw`, { ackDeadlineSeconds: 10 });
    const messages: Message[] = [];
    raw.on('message', (message: Message) => {
      messages.push(message);
      message.ack();
    });

    const event = validEvent('face.enrolled.v1', 'tenant-a');
    const messageId = await bus.publish('face.enrolled.v1', event);
    await waitFor(() => messages.length === 1, 'the raw message');
    const [message] = messages;
    assert.isDefined(message, 'the raw message');
    expect(message.id).toBe(messageId);
    expect(message.attributes).toEqual({
      topic: 'face.enrolled.v1',
      schemaVersion: '1',
      tenantId: 'tenant-a',
      eventId: event.eventId,
    });
    expect(JSON.parse(message.data.toString('utf8'))).toEqual(event);

    // The shape a Pub/Sub-triggered function receives (google.cloud.pubsub.topic.v1.messagePublished).
    const cloudEvent = {
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      source: `//pubsub.googleapis.com/projects/${PROJECT}/topics/${topicId}`,
      data: {
        message: {
          data: message.data.toString('base64'),
          attributes: message.attributes,
          messageId: message.id,
          publishTime: message.publishTime.toISOString(),
        },
        subscription: `projects/${PROJECT}/subscriptions/${topicId}.raw`,
      },
    };
    const decoded = decodePubSubCloudEvent(cloudEvent, 'face.enrolled.v1');
    expect(decoded.event).toEqual(event);
    expect(decoded.messageId).toBe(messageId);

    await raw.close();
    await bus.close();
    await pubsub.close();
  });

  it('acks and reports a message that is not a valid event instead of redelivering it forever', async () => {
    const pubsub = newClient();
    const errors: unknown[] = [];
    const bus = new PubSubEventBus({ pubsub, createMissing: true, onError: (error) => errors.push(error) });
    const handled: unknown[] = [];
    await bus.subscribe('security.alert.v1', (event) => void handled.push(event));
    const topic = pubsub.topic(bus.topicId('security.alert.v1'));
    await topic.publishMessage({ data: Buffer.from('{"not":"an alert"}') });
    await topic.publishMessage({ data: Buffer.from('not json') });
    await waitFor(() => errors.length >= 2, 'both poison messages reported');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(errors).toHaveLength(2);
    expect(handled).toEqual([]);
    await bus.close();
    await pubsub.close();
  });

  it('does not create topics unless told to (production: infra owns them)', async () => {
    const pubsub = newClient();
    const bus = new PubSubEventBus({ pubsub, topicPrefix: `missing${randomUUID().slice(0, 8)}-` });
    await expect(bus.publish('drift.detected.v1', validEvent('drift.detected.v1'))).rejects.toThrow(/not.?found/i);
    await bus.close();
    await pubsub.close();
  });
});
