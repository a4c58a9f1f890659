/**
 * An EventBus that never loses an event to a broker outage: a publish that fails or does not finish within
 * `publishTimeoutMs` is parked in the outbox (a table) and the caller goes on; a relay publishes parked events later
 * — on a timer, after the next publish that gets through, on close, and from `npm run alerts:redeliver`.
 *
 * Delivery stays at-least-once: a timed-out publish may still reach the broker and be published again by the relay,
 * so consumers dedupe on the event's id (the alerts function records each `alertId` once).
 */
import type { EventPayload, Topic } from '../events/registry.js';
import { isTopic, parseEvent } from '../events/registry.js';
import { InvalidEventError } from '../events/errors.js';
import type { EventBus, EventHandler, EventSubscription, SubscribeOptions } from '../ports/event-bus.js';
import type { EventOutbox, ParkedEvent } from '../ports/repositories.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from './logger.js';

export interface OutboxPolicy {
  /** A publish slower than this is parked (the Pub/Sub client retries an unreachable broker for 60 s). */
  publishTimeoutMs: number;
  /** First delay before a parked event is tried again; doubles per attempt up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** How often the relay looks at the outbox in a long-running process (0: never on a timer). */
  relayEveryMs: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = {
  publishTimeoutMs: 2000,
  retryDelayMs: 5000,
  maxRetryDelayMs: 300_000,
  relayEveryMs: 15_000,
};

/** The id `publish` answers for a parked event, in place of the broker's message id. */
export const PARKED_PREFIX = 'outbox:';

/** Parked events a relay run publishes at most. */
const RELAY_BATCH = 100;

export class OutboxEventBus implements EventBus {
  private readonly timer: NodeJS.Timeout | undefined;
  private relaying: Promise<number> | undefined;
  /** Set when this instance parked an event: the next publish that gets through starts a relay. */
  private parkedHere = false;

  constructor(
    private readonly inner: EventBus,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly policy: OutboxPolicy = DEFAULT_OUTBOX_POLICY,
  ) {
    if (policy.relayEveryMs > 0) {
      this.timer = setInterval(() => void this.relay().catch(() => undefined), policy.relayEveryMs);
      // A function instance or a script must be free to exit with the timer pending.
      this.timer.unref();
    }
  }

  async publish<T extends Topic>(topic: T, event: EventPayload<T>): Promise<string> {
    const payload = parseEvent(topic, event);
    try {
      const id = await withTimeout(this.inner.publish(topic, payload), this.policy.publishTimeoutMs);
      if (this.parkedHere) void this.relay().catch(() => undefined);
      return id;
    } catch (error) {
      if (error instanceof InvalidEventError) throw error;
      await this.outbox.park({
        id: payload.eventId,
        topic,
        tenantId: payload.tenantId,
        payload: JSON.stringify(payload),
        lastError: describe(error),
      });
      this.parkedHere = true;
      this.log.warn('event not published; parked in the outbox for a retry', {
        topic,
        eventId: payload.eventId,
        tenantId: payload.tenantId,
        error: describe(error),
      });
      return `${PARKED_PREFIX}${payload.eventId}`;
    }
  }

  subscribe<T extends Topic>(
    topic: T,
    handler: EventHandler<T>,
    options?: SubscribeOptions,
  ): Promise<EventSubscription> {
    return this.inner.subscribe(topic, handler, options);
  }

  /**
   * Publishes the parked events that are due (one run at a time per instance).
   * @returns how many were published.
   */
  relay(): Promise<number> {
    this.relaying ??= this.relayOnce().finally(() => (this.relaying = undefined));
    return this.relaying;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.relaying?.catch(() => undefined);
    await this.inner.close();
  }

  private async relayOnce(): Promise<number> {
    let published = 0;
    const due = await this.outbox.due(this.clock.nowMs(), RELAY_BATCH);
    for (const parked of due) {
      const retryAt = this.clock.nowMs() + this.delayAfter(parked.attempts);
      // Claimed before publishing: a relay that dies here leaves the event due again at retryAt, not lost.
      if (!(await this.outbox.claim(parked, retryAt))) continue;
      try {
        await this.publishParked(parked);
        await this.outbox.remove(parked.id);
        published++;
      } catch (error) {
        // Claimed already: it is tried again at retryAt.
        if (error instanceof InvalidEventError) {
          // Waiting will not make it valid (a schema changed under it): say so loudly, keep it for an operator.
          this.log.error('parked event is not a valid event; kept in the outbox', {
            eventId: parked.id,
            topic: parked.topic,
            error: error.message,
          });
          continue;
        }
        this.log.info('outbox: broker still unreachable', { eventId: parked.id, error: describe(error) });
        // The rest would time out the same way.
        break;
      }
    }
    if (published > 0) {
      this.log.info('outbox: parked events published', { published });
      this.parkedHere = (await this.outbox.count()) > 0;
    }
    return published;
  }

  private async publishParked(parked: ParkedEvent): Promise<void> {
    if (!isTopic(parked.topic)) throw new InvalidEventError('unknown_topic', `unknown topic ${parked.topic}`);
    const topic = parked.topic;
    const event = parseEvent(topic, JSON.parse(parked.payload));
    await withTimeout(this.inner.publish(topic, event), this.policy.publishTimeoutMs);
  }

  private delayAfter(attempts: number): number {
    return Math.min(this.policy.maxRetryDelayMs, this.policy.retryDelayMs * 2 ** Math.min(attempts - 1, 20));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class PublishTimeout extends Error {
  override readonly name = 'PublishTimeout';
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PublishTimeout(`publish took longer than ${ms} ms`)), ms);
  });
  // A publish that loses the race may still fail later: nobody awaits it any more.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
