import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../adapters/local/in-process-event-bus.js';
import type { EventPayload, Topic } from '../events/registry.js';
import { validEvent } from '../events/event-factories.test-support.js';
import type { EventBus } from '../ports/event-bus.js';
import type { EventOutbox, ParkedEvent } from '../ports/repositories.js';
import { FakeClock } from '../ports/clock.js';
import { silentLogger } from './logger.js';
import { OutboxEventBus, PARKED_PREFIX } from './outbox-event-bus.js';

/** The outbox port in memory, with the same claim rule as the SQL one. */
class MemoryOutbox implements EventOutbox {
  readonly rows = new Map<string, ParkedEvent>();
  constructor(private readonly clock: FakeClock) {}
  park(e: { id: string; topic: string; tenantId: string; payload: string; lastError: string }) {
    const now = this.clock.nowMs();
    if (!this.rows.has(e.id)) this.rows.set(e.id, { ...e, attempts: 1, nextAttemptAt: now, createdAt: now });
    return Promise.resolve();
  }
  due(now: number, limit: number) {
    return Promise.resolve([...this.rows.values()].filter((r) => r.nextAttemptAt <= now).slice(0, limit));
  }
  claim(e: ParkedEvent, retryAt: number) {
    const row = this.rows.get(e.id);
    if (!row || row.attempts !== e.attempts || row.nextAttemptAt !== e.nextAttemptAt) return Promise.resolve(false);
    this.rows.set(e.id, { ...row, attempts: row.attempts + 1, nextAttemptAt: retryAt });
    return Promise.resolve(true);
  }
  remove(id: string) {
    this.rows.delete(id);
    return Promise.resolve();
  }
  count() {
    return Promise.resolve(this.rows.size);
  }
}

/** A broker that can be taken down (publish rejects) or made to hang (publish never settles). */
class FlakyBus implements EventBus {
  mode: 'up' | 'down' | 'hang' = 'up';
  readonly inner = new InProcessEventBus();
  publish<T extends Topic>(topic: T, event: EventPayload<T>): Promise<string> {
    if (this.mode === 'down')
      return Promise.reject(Object.assign(new Error('14 UNAVAILABLE: No connection'), { code: 14 }));
    if (this.mode === 'hang') return new Promise(() => undefined);
    return this.inner.publish(topic, event);
  }
  subscribe: EventBus['subscribe'] = (topic, handler, options) => this.inner.subscribe(topic, handler, options);
  close() {
    return this.inner.close();
  }
}

function setup() {
  const clock = new FakeClock(Date.now());
  const broker = new FlakyBus();
  const outbox = new MemoryOutbox(clock);
  const bus = new OutboxEventBus(broker, outbox, clock, silentLogger, {
    publishTimeoutMs: 50,
    retryDelayMs: 1000,
    maxRetryDelayMs: 8000,
    relayEveryMs: 0,
  });
  const seen: string[] = [];
  return { clock, broker, outbox, bus, seen };
}

describe('OutboxEventBus', () => {
  it('publishes straight through while the broker is up', async () => {
    const { bus, broker, outbox, seen } = setup();
    await bus.subscribe('security.alert.v1', (e) => void seen.push(e.alertId));
    const event = validEvent('security.alert.v1');
    expect(await bus.publish('security.alert.v1', event)).not.toMatch(PARKED_PREFIX);
    await broker.inner.idle?.();
    expect(seen).toEqual([event.alertId]);
    expect(outbox.rows.size).toBe(0);
  });

  it('parks what a down or hanging broker does not take, and the relay publishes it once it is back', async () => {
    const { bus, broker, outbox, clock, seen } = setup();
    await bus.subscribe('security.alert.v1', (e) => void seen.push(e.alertId));
    broker.mode = 'down';
    const a = validEvent('security.alert.v1');
    expect(await bus.publish('security.alert.v1', a)).toBe(`${PARKED_PREFIX}${a.eventId}`);
    broker.mode = 'hang';
    const b = validEvent('security.alert.v1');
    const started = Date.now();
    expect(await bus.publish('security.alert.v1', b)).toBe(`${PARKED_PREFIX}${b.eventId}`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect([...outbox.rows.keys()]).toEqual([a.eventId, b.eventId]);

    // Still down: the relay claims the first, fails, and backs off (the second waits for the next run).
    broker.mode = 'down';
    expect(await bus.relay()).toBe(0);
    expect(outbox.rows.get(a.eventId)).toMatchObject({ attempts: 2, nextAttemptAt: clock.nowMs() + 1000 });

    broker.mode = 'up';
    clock.advance(1000);
    expect(await bus.relay()).toBe(2);
    await broker.inner.idle?.();
    expect(seen.sort()).toEqual([a.alertId, b.alertId].sort());
    expect(outbox.rows.size).toBe(0);
  });

  it('refuses an invalid event without parking it', async () => {
    const { bus, broker, outbox } = setup();
    broker.mode = 'down';
    await expect(bus.publish('security.alert.v1', { nonsense: true } as never)).rejects.toMatchObject({
      name: 'InvalidEventError',
    });
    expect(outbox.rows.size).toBe(0);
  });
});
