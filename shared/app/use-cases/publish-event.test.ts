import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../../events/errors.js';
import type { EventPayload, Topic } from '../../events/registry.js';
import type { EventBus } from '../../ports/event-bus.js';
import { FakeClock } from '../../ports/clock.js';
import { publishEvent } from './publish-event.js';

/** A bus that only records what it is asked to publish. */
function recordingBus() {
  const published: { topic: Topic; event: EventPayload<Topic> }[] = [];
  const bus: Pick<EventBus, 'publish'> = {
    publish: (topic, event) => {
      published.push({ topic, event });
      return Promise.resolve(`m${published.length}`);
    },
  };
  return { bus: bus as EventBus, published };
}

describe('publishEvent', () => {
  it('stamps the body with an id, the app clock and the schema version, and returns the message id', async () => {
    const { bus, published } = recordingBus();
    const clock = new FakeClock('2025-03-04T05:06:07.000Z');
    const body = {
      tenantId: 'ten_a',
      captureId: 'cap_1',
      kind: 'enroll' as const,
      modelVersion: 'm1',
      quality: { sharpness: 0.5 },
      outcome: 'accepted' as const,
    };
    expect(await publishEvent({ bus, clock }, 'capture.observed.v1', body)).toBe('m1');
    expect(published).toHaveLength(1);
    const [sent] = published;
    expect(sent?.topic).toBe('capture.observed.v1');
    expect(sent?.event).toMatchObject({ ...body, occurredAt: '2025-03-04T05:06:07.000Z', schemaVersion: 1 });
    expect(sent?.event.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a body that does not match the topic and publishes nothing', async () => {
    const { bus, published } = recordingBus();
    const body = { tenantId: 'ten_a', kind: 'enroll', modelVersion: 'm1', quality: {}, outcome: 'maybe' };
    await expect(
      publishEvent({ bus, clock: new FakeClock() }, 'capture.observed.v1', body as never),
    ).rejects.toBeInstanceOf(InvalidEventError);
    expect(published).toEqual([]);
  });
});
