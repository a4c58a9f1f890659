/**
 * EventBus inside one process, for `npm start` and tests. It keeps Pub/Sub's semantics where they matter to
 * callers: payloads are validated on publish, delivery is asynchronous and at-least-once (a throwing handler gets
 * the event again, up to `maxAttempts`), subscribers sharing a subscription name compete for events while
 * different subscriptions each get every event, and one failing subscriber never affects another.
 */
import { randomUUID } from 'node:crypto';
import { itemAt } from '../../arrays/item-at.js';
import type { EventPayload, Topic } from '../../events/registry.js';
import { parseEvent } from '../../events/registry.js';
import type {
  DeliveryInfo,
  EventBus,
  EventHandler,
  EventSubscription,
  SubscribeOptions,
} from '../../ports/event-bus.js';

/** A delivery that failed; `final` when no further attempt will be made (the event is dead-lettered). */
export interface DeliveryFailure extends DeliveryInfo {
  subscription: string;
  final: boolean;
}

export interface InProcessEventBusOptions {
  /** Deliveries per event and subscription before giving up (default 5). */
  maxAttempts?: number;
  /** Delay before redelivery after failed attempt `attempt` (default 10 ms doubling, at most 1 s). */
  retryDelayMs?: (attempt: number) => number;
  /** Told of every failed delivery (default: console.error for final failures only). */
  onError?: (error: unknown, failure: DeliveryFailure) => void;
}

interface Consumer {
  handler: EventHandler<Topic>;
}

interface Group {
  consumers: Consumer[];
  next: number;
}

export class InProcessEventBus implements EventBus {
  private readonly groups = new Map<Topic, Map<string, Group>>();
  private readonly pending = new Set<Promise<void>>();
  private readonly maxAttempts: number;
  private readonly retryDelayMs: (attempt: number) => number;
  private readonly onError: (error: unknown, failure: DeliveryFailure) => void;

  constructor(options: InProcessEventBusOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? ((attempt) => Math.min(1000, 10 * 2 ** (attempt - 1)));
    this.onError = options.onError ?? logFinalFailure;
  }

  publish<T extends Topic>(topic: T, event: EventPayload<T>): Promise<string> {
    return new Promise((resolve) => {
      // Validate once here; consumers receive the parsed copy, frozen so no subscriber can alter another's view.
      const payload = deepFreeze(parseEvent(topic, event));
      const messageId = randomUUID();
      for (const [name, group] of this.groups.get(topic) ?? []) {
        this.track(this.deliver(topic, name, group, payload, messageId));
      }
      resolve(messageId);
    });
  }

  subscribe<T extends Topic>(
    topic: T,
    handler: EventHandler<T>,
    options: SubscribeOptions = {},
  ): Promise<EventSubscription> {
    const name = options.subscription ?? `private-${randomUUID()}`;
    const byName = this.groups.get(topic) ?? new Map<string, Group>();
    this.groups.set(topic, byName);
    const group = byName.get(name) ?? { consumers: [], next: 0 };
    byName.set(name, group);
    const consumer: Consumer = { handler };
    group.consumers.push(consumer);

    return Promise.resolve({
      close: () => {
        group.consumers = group.consumers.filter((c) => c !== consumer);
        if (group.consumers.length === 0 && byName.get(name) === group) byName.delete(name);
        return Promise.resolve();
      },
    });
  }

  /** Resolves once every delivery started so far, retries included, has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Alias of `idle()`. */
  drain(): Promise<void> {
    return this.idle();
  }

  /** Stops all subscriptions; deliveries already running finish, queued ones are dropped. */
  close(): Promise<void> {
    for (const byName of this.groups.values()) for (const group of byName.values()) group.consumers = [];
    this.groups.clear();
    return Promise.resolve();
  }

  private async deliver(topic: Topic, name: string, group: Group, payload: unknown, messageId: string): Promise<void> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      await new Promise<void>((resolve) =>
        attempt === 1 ? setImmediate(resolve) : setTimeout(resolve, this.retryDelayMs(attempt - 1)),
      );
      // Pick the consumer at delivery time: a closed one must not receive, a redelivery may go to another.
      if (group.consumers.length === 0) return;
      const consumer = itemAt(group.consumers, group.next++ % group.consumers.length, 'consumer');
      const info: DeliveryInfo = { topic, messageId, attempt };
      try {
        await consumer.handler(payload as EventPayload<Topic>, info);
        return;
      } catch (error) {
        this.onError(error, { ...info, subscription: name, final: attempt === this.maxAttempts });
      }
    }
  }

  private track(delivery: Promise<void>): void {
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function logFinalFailure(error: unknown, failure: DeliveryFailure): void {
  if (!failure.final) return;
  console.error(
    `InProcessEventBus: giving up on ${failure.topic} message ${failure.messageId} for ${failure.subscription} ` +
      `after ${failure.attempt} attempts`,
    error,
  );
}
