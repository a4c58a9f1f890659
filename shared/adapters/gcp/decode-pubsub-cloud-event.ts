/**
 * Decoding of Pub/Sub deliveries for Pub/Sub-triggered functions: a CloudEvent
 * `google.cloud.pubsub.topic.v1.messagePublished` (data = `{ message, subscription }`) or a push request body of the
 * same `{ message, subscription }` shape. The payload is validated against the topic's contract.
 */
import type { EventPayload, Topic } from '../../events/registry.js';
import { isTopic, parseEvent } from '../../events/registry.js';
import { InvalidEventError } from '../../events/errors.js';

/** A decoded, validated delivery. */
export interface DecodedPubSubEvent<T extends Topic = Topic> {
  topic: T;
  event: EventPayload<T>;
  messageId: string | undefined;
  publishTime: string | undefined;
  attributes: Record<string, string>;
}

interface PubSubMessageShape {
  data?: unknown;
  attributes?: unknown;
  messageId?: unknown;
  message_id?: unknown;
  publishTime?: unknown;
}

/**
 * Decodes a Pub/Sub CloudEvent or push body.
 * @param expectedTopic the topic the function is subscribed to; when omitted, the `topic` attribute set by
 *   PubSubEventBus (or the topic in the CloudEvent's `source`) decides.
 * @throws InvalidEventError `malformed_message`, `unknown_topic` or `invalid_payload`.
 */
export function decodePubSubCloudEvent<T extends Topic = Topic>(
  cloudEvent: unknown,
  expectedTopic?: T,
): DecodedPubSubEvent<T> {
  const envelope = asRecord(cloudEvent);
  const body = asRecord(envelope?.data)?.message !== undefined ? asRecord(envelope?.data) : envelope;
  const message = asRecord(body?.message) as PubSubMessageShape | undefined;
  if (!message || typeof message.data !== 'string') {
    throw new InvalidEventError('malformed_message', 'expected a Pub/Sub message with base64 data');
  }
  const attributes = stringRecord(message.attributes);

  const named = attributes.topic ?? topicFromSource(envelope?.source);
  const topic = expectedTopic ?? named;
  if (!isTopic(topic)) {
    throw new InvalidEventError('unknown_topic', `cannot tell the event topic (${String(topic)})`, topic);
  }
  if (expectedTopic !== undefined && attributes.topic !== undefined && attributes.topic !== expectedTopic) {
    throw new InvalidEventError(
      'unknown_topic',
      `message is for ${attributes.topic}, expected ${expectedTopic}`,
      topic,
    );
  }

  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(message.data, 'base64').toString('utf8'));
  } catch {
    throw new InvalidEventError('malformed_message', 'message data is not base64-encoded JSON', topic);
  }
  return {
    topic: topic as T,
    event: parseEvent(topic as T, data),
    messageId: optionalString(message.messageId ?? message.message_id),
    publishTime: optionalString(message.publishTime),
    attributes,
  };
}

/** `//pubsub.googleapis.com/projects/p/topics/face.enrolled.v1` → `face.enrolled.v1` (prefix not stripped). */
function topicFromSource(source: unknown): string | undefined {
  if (typeof source !== 'string') return undefined;
  const match = /\/topics\/([^/]+)$/.exec(source);
  return match?.[1];
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asRecord(value) ?? {})) if (typeof entry === 'string') out[key] = entry;
  return out;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
