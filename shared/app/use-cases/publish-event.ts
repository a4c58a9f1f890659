import type { EventBody, Topic } from '../../events/registry.js';
import { newEvent } from '../../events/registry.js';
import type { AppDeps } from '../app-deps.js';

/**
 * Stamps `body` as a new `topic` event (id, the app clock's time, schema version) and publishes it, so every use
 * case names the topic once and dates its events by the same clock.
 *
 * @returns the message id the bus assigned.
 * @throws InvalidEventError (as a rejection) when `body` does not match the topic's schema; nothing is published.
 */
export async function publishEvent<T extends Topic>(
  deps: Pick<AppDeps, 'bus' | 'clock'>,
  topic: T,
  body: EventBody<T>,
): Promise<string> {
  const event = newEvent(topic, body, deps.clock);
  return await deps.bus.publish(topic, event);
}
