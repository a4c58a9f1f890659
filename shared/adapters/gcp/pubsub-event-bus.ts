/**
 * EventBus on Cloud Pub/Sub. Each versioned topic (`face.enrolled.v1`…) is a Pub/Sub topic of the same id, with an
 * optional prefix per deployment. Payloads are JSON, validated against shared/events before publishing and again
 * on delivery; attributes carry `schemaVersion`, `tenantId`, `eventId` and `topic` so filters and push consumers
 * can route without parsing the body.
 *
 * Subscriptions here are pull (streaming pull) subscriptions, used by tests and local runs; deployed functions
 * receive push deliveries and decode them with `decodePubSubCloudEvent`.
 */
import { randomUUID } from 'node:crypto';
import type { Message, PubSub, Topic as PubSubTopic } from '@google-cloud/pubsub';
import type { EventPayload, Topic } from '../../events/registry.js';
import { parseEvent, schemaVersionOf } from '../../events/registry.js';
import type {
  DeliveryInfo,
  EventBus,
  EventHandler,
  EventSubscription,
  SubscribeOptions,
} from '../../ports/event-bus.js';

export interface PubSubEventBusOptions {
  /** A configured client; honours PUBSUB_EMULATOR_HOST when set. */
  pubsub: PubSub;
  /** Prepended to every topic id, e.g. "prod-" (default none). */
  topicPrefix?: string;
  /**
   * Create missing topics and named subscriptions on demand (default false: in production infra creates them
   * and the runtime service account need not be allowed to).
   */
  createMissing?: boolean;
  /** Ack deadline of subscriptions this bus creates (default 30 s; the client extends leases while handlers run). */
  ackDeadlineSeconds?: number;
  /** Told of handler failures (the message is nacked) and of undecodable messages (acked, dropped). */
  onError?: (error: unknown, info: Partial<DeliveryInfo> & { subscription: string }) => void;
}

/** gRPC status ALREADY_EXISTS. */
const ALREADY_EXISTS = 6;

/** The Pub/Sub attributes sent with an event. */
export function eventAttributes<T extends Topic>(topic: T, event: EventPayload<T>): Record<string, string> {
  return {
    topic,
    schemaVersion: String(schemaVersionOf(topic)),
    tenantId: event.tenantId,
    eventId: event.eventId,
  };
}

export class PubSubEventBus implements EventBus {
  private readonly topics = new Map<string, Promise<PubSubTopic>>();
  private readonly open = new Set<EventSubscription>();

  constructor(private readonly options: PubSubEventBusOptions) {}

  /** The Pub/Sub topic id used for a versioned topic. */
  topicId(topic: Topic): string {
    return `${this.options.topicPrefix ?? ''}${topic}`;
  }

  async publish<T extends Topic>(topic: T, event: EventPayload<T>): Promise<string> {
    const payload = parseEvent(topic, event);
    const target = await this.topic(topic);
    return target.publishMessage({
      data: Buffer.from(JSON.stringify(payload)),
      attributes: eventAttributes(topic, payload),
    });
  }

  async subscribe<T extends Topic>(
    topic: T,
    handler: EventHandler<T>,
    options: SubscribeOptions = {},
  ): Promise<EventSubscription> {
    const isPrivate = options.subscription === undefined;
    const name = options.subscription ?? `${this.topicId(topic)}.private-${randomUUID()}`;
    if (isPrivate || this.options.createMissing) {
      const target = await this.topic(topic);
      // Explicit deadline: the real service defaults 0 to 10 s, Debian's pstest refuses 0.
      const ackDeadlineSeconds = this.options.ackDeadlineSeconds ?? 30;
      await ignoreAlreadyExists(target.createSubscription(name, { ackDeadlineSeconds }));
    }
    const subscription = this.options.pubsub.subscription(name);
    subscription.on('message', (message: Message) => void this.handle(topic, name, message, handler));
    subscription.on('error', (error: unknown) => this.report(error, { topic, subscription: name }));

    const live: EventSubscription = {
      close: async () => {
        if (!this.open.delete(live)) return;
        await subscription.close();
        if (isPrivate)
          await subscription.delete().catch((error: unknown) => this.report(error, { subscription: name }));
      },
    };
    this.open.add(live);
    return live;
  }

  /** Closes every subscription and flushes pending publishes; the injected client stays open for its owner. */
  async close(): Promise<void> {
    await Promise.all([...this.open].map((subscription) => subscription.close()));
    await Promise.all([...this.topics.values()].map(async (topic) => (await topic).flush()));
  }

  private async handle<T extends Topic>(topic: T, name: string, message: Message, handler: EventHandler<T>) {
    const info: DeliveryInfo = { topic, messageId: message.id, attempt: message.deliveryAttempt || 1 };
    let event: EventPayload<T>;
    try {
      event = parseEvent(topic, JSON.parse(message.data.toString('utf8')));
    } catch (error) {
      // A payload that can never parse would be redelivered forever: drop it loudly instead.
      message.ack();
      this.report(error, { ...info, subscription: name });
      return;
    }
    try {
      await handler(event, info);
      message.ack();
    } catch (error) {
      message.nack();
      this.report(error, { ...info, subscription: name });
    }
  }

  private topic(topic: Topic): Promise<PubSubTopic> {
    const id = this.topicId(topic);
    let ready = this.topics.get(id);
    if (!ready) {
      const target = this.options.pubsub.topic(id);
      ready = this.options.createMissing
        ? ignoreAlreadyExists(target.create()).then(() => target)
        : Promise.resolve(target);
      // A failed creation must not be cached, or every later publish would fail without retrying.
      ready.catch(() => this.topics.delete(id));
      this.topics.set(id, ready);
    }
    return ready;
  }

  private report(error: unknown, info: Partial<DeliveryInfo> & { subscription: string }): void {
    if (this.options.onError) this.options.onError(error, info);
    else console.error(`PubSubEventBus: ${info.topic ?? ''} on ${info.subscription}`, error);
  }
}

async function ignoreAlreadyExists(operation: Promise<unknown>): Promise<void> {
  try {
    await operation;
  } catch (error) {
    if ((error as { code?: unknown } | undefined)?.code !== ALREADY_EXISTS) throw error;
  }
}
