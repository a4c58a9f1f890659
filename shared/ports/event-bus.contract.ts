/**
 * The contract every EventBus adapter passes. Call `eventBusContract(name, setup)` from an adapter's test file.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidEventError } from '../events/errors.js';
import { validEvent } from '../events/event-factories.test-support.js';
import type { EventPayload, Topic } from '../events/registry.js';
import type { DeliveryInfo, EventBus } from './event-bus.js';

export interface EventBusFixture {
  bus: EventBus;
  /** Waits until anything published so far has had its chance to be delivered. */
  settle(): Promise<void>;
  cleanup(): Promise<void>;
}

interface Received<T extends Topic> {
  event: EventPayload<T>;
  info: DeliveryInfo;
}

/** Polls until `done()` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(done: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function eventBusContract(name: string, setup: () => Promise<EventBusFixture>): void {
  describe(`EventBus contract: ${name}`, () => {
    let fixture: EventBusFixture;
    let bus: EventBus;
    const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

    beforeEach(async () => {
      fixture = await setup();
      bus = fixture.bus;
    });
    afterEach(() => fixture.cleanup());

    async function collect<T extends Topic>(topic: T, subscription?: string) {
      const received: Received<T>[] = [];
      const live = await bus.subscribe(topic, (event, info) => void received.push({ event, info }), { subscription });
      return { received, live };
    }

    it('delivers a published event with its payload and message id', async () => {
      const { received } = await collect('face.enrolled.v1');
      const event = validEvent('face.enrolled.v1');
      const messageId = await bus.publish('face.enrolled.v1', event);
      await waitFor(() => received.length === 1, 'the event');
      expect(received[0]?.event).toEqual(event);
      expect(received[0]?.info).toMatchObject({ topic: 'face.enrolled.v1', messageId, attempt: 1 });
    });

    it('refuses an invalid payload on publish and delivers nothing', async () => {
      const { received } = await collect('enrollment.rejected.v1');
      const invalid = { ...validEvent('enrollment.rejected.v1'), reason: 'no reason', embedding: [0.1] };
      await expect(bus.publish('enrollment.rejected.v1', invalid as never)).rejects.toBeInstanceOf(InvalidEventError);
      const marker = validEvent('enrollment.rejected.v1');
      await bus.publish('enrollment.rejected.v1', marker);
      await waitFor(() => received.length >= 1, 'the marker event');
      await fixture.settle();
      expect(received.map((r) => r.event.eventId)).toEqual([marker.eventId]);
    });

    it('gives every subscription each event, and nothing from other topics', async () => {
      const first = await collect('auth.attempted.v1', unique('first'));
      const second = await collect('auth.attempted.v1', unique('second'));
      const alerts = await collect('security.alert.v1');
      const event = validEvent('auth.attempted.v1');
      await bus.publish('auth.attempted.v1', event);
      await waitFor(() => first.received.length >= 1 && second.received.length >= 1, 'both subscriptions');
      await fixture.settle();
      expect(first.received[0]?.event.eventId).toBe(event.eventId);
      expect(second.received[0]?.event.eventId).toBe(event.eventId);
      expect(alerts.received).toEqual([]);
    });

    it('redelivers to a failing handler without disturbing the others', async () => {
      const attempts: DeliveryInfo[] = [];
      await bus.subscribe('security.alert.v1', (_event, info) => {
        attempts.push(info);
        if (attempts.length === 1) throw new Error('transient failure');
      });
      const healthy = await collect('security.alert.v1');
      const event = validEvent('security.alert.v1');
      const messageId = await bus.publish('security.alert.v1', event);
      // Pub/Sub may take a full ack deadline (10 s on pstest) when a lease extension races the nack.
      await waitFor(() => attempts.length >= 2, 'a redelivery after the failure', 45_000);
      await waitFor(() => healthy.received.length >= 1, 'the healthy subscriber');
      expect(attempts.every((a) => a.messageId === messageId)).toBe(true);
      expect(healthy.received.map((r) => r.event.eventId)).toEqual([event.eventId]);
    });

    it('delivers every one of many concurrent events at least once', async () => {
      const { received } = await collect('capture.observed.v1');
      const events = Array.from({ length: 25 }, (_, i) => validEvent('capture.observed.v1', `tenant${i}`));
      await Promise.all(events.map((event) => bus.publish('capture.observed.v1', event)));
      const seen = () => new Set(received.map((r) => r.event.eventId));
      await waitFor(() => seen().size === events.length, 'all 25 events');
      expect(seen()).toEqual(new Set(events.map((e) => e.eventId)));
    });

    it('stops delivering to a closed subscription', async () => {
      const { received, live } = await collect('drift.detected.v1', unique('closing'));
      await bus.publish('drift.detected.v1', validEvent('drift.detected.v1'));
      await waitFor(() => received.length === 1, 'the first event');
      await live.close();
      await bus.publish('drift.detected.v1', validEvent('drift.detected.v1'));
      await fixture.settle();
      expect(received).toHaveLength(1);
    });
  });
}
