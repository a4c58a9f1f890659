import { describe, expect, it } from 'vitest';
import { validEvent } from '../../events/event-factories.test-support.js';
import { eventBusContract } from '../../ports/event-bus.contract.js';
import type { DeliveryFailure } from './in-process-event-bus.js';
import { InProcessEventBus } from './in-process-event-bus.js';

eventBusContract('InProcessEventBus', () => {
  const bus = new InProcessEventBus({ retryDelayMs: () => 1 });
  return Promise.resolve({ bus, settle: () => bus.idle(), cleanup: () => bus.close() });
});

describe('InProcessEventBus', () => {
  it('delivers asynchronously: publish returns before any handler runs', async () => {
    const bus = new InProcessEventBus();
    const order: string[] = [];
    await bus.subscribe('face.enrolled.v1', () => void order.push('handled'));
    await bus.publish('face.enrolled.v1', validEvent('face.enrolled.v1'));
    order.push('published');
    await bus.idle();
    expect(order).toEqual(['published', 'handled']);
  });

  it('shares a named subscription between its consumers, one delivery per event', async () => {
    const bus = new InProcessEventBus();
    const a: string[] = [];
    const b: string[] = [];
    await bus.subscribe('auth.attempted.v1', (e) => void a.push(e.eventId), { subscription: 'alerts' });
    await bus.subscribe('auth.attempted.v1', (e) => void b.push(e.eventId), { subscription: 'alerts' });
    for (let i = 0; i < 4; i++) await bus.publish('auth.attempted.v1', validEvent('auth.attempted.v1'));
    await bus.idle();
    expect(a).toHaveLength(2);
    expect(b).toHaveLength(2);
    expect(new Set([...a, ...b]).size).toBe(4);
  });

  it('gives up after maxAttempts with backoff and reports the final failure', async () => {
    const delays: number[] = [];
    const failures: DeliveryFailure[] = [];
    const bus = new InProcessEventBus({
      maxAttempts: 3,
      retryDelayMs: (attempt) => {
        delays.push(attempt);
        return 1;
      },
      onError: (_error, failure) => failures.push(failure),
    });
    let calls = 0;
    await bus.subscribe('drift.detected.v1', () => {
      calls++;
      throw new Error('always fails');
    });
    await bus.publish('drift.detected.v1', validEvent('drift.detected.v1'));
    await bus.drain();
    expect(calls).toBe(3);
    expect(delays).toEqual([1, 2]);
    expect(failures.map((f) => [f.attempt, f.final])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });

  it('hands subscribers a frozen copy so one cannot alter what another sees', async () => {
    const bus = new InProcessEventBus();
    const event = validEvent('capture.observed.v1');
    const seen: unknown[] = [];
    let mutation: unknown;
    await bus.subscribe('capture.observed.v1', (e) => {
      try {
        e.quality.brightness = -1;
      } catch (error) {
        mutation = error;
      }
    });
    await bus.subscribe('capture.observed.v1', (e) => void seen.push(e.quality));
    await bus.publish('capture.observed.v1', event);
    await bus.idle();
    expect(mutation).toBeInstanceOf(TypeError);
    expect(seen).toEqual([event.quality]);
    expect(Object.isFrozen(event)).toBe(false);
  });

  it('idle() also waits for events published by handlers', async () => {
    const bus = new InProcessEventBus();
    const alerts: string[] = [];
    await bus.subscribe('auth.attempted.v1', async (attempt) => {
      if (attempt.outcome === 'denied') {
        await bus.publish('security.alert.v1', { ...validEvent('security.alert.v1'), attemptIds: [attempt.attemptId] });
      }
    });
    await bus.subscribe('security.alert.v1', (alert) => void alerts.push(...alert.attemptIds));
    await bus.publish('auth.attempted.v1', validEvent('auth.attempted.v1'));
    await bus.idle();
    expect(alerts).toEqual(['a1']);
  });

  it('drops events published while nobody subscribes, like a topic without subscriptions', async () => {
    const bus = new InProcessEventBus();
    await expect(bus.publish('face.enrolled.v1', validEvent('face.enrolled.v1'))).resolves.toMatch(/^[0-9a-f-]{36}$/);
    const late: unknown[] = [];
    await bus.subscribe('face.enrolled.v1', (e) => void late.push(e));
    await bus.idle();
    expect(late).toEqual([]);
  });
});
