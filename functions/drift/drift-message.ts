/**
 * What reaches the `drift` function: either the schedule's tick (Cloud Scheduler → `<prefix>drift.tick`, body
 * `{"trigger":"schedule"}`, optionally `"tenantId"` to check one tenant) or a `capture.observed.v1` event to store.
 * Told apart by the `topic` attribute the publishers set (or the topic in the CloudEvent's source).
 */
import { z } from 'zod';
import { decodePubSubCloudEvent } from '../../shared/adapters/gcp/decode-pubsub-cloud-event.js';
import type { CaptureObservedV1 } from '../../shared/events/capture-observed.js';
import { entityId } from '../../shared/events/common.js';
import { InvalidEventError } from '../../shared/events/errors.js';

/** The schedule's topic id (without the stack's prefix). */
export const DRIFT_TICK_TOPIC = 'drift.tick';

export type DriftMessage = { kind: 'tick'; tenantId?: string } | { kind: 'observation'; event: CaptureObservedV1 };

const tickBody = z.strictObject({ trigger: z.literal('schedule'), tenantId: entityId.optional() });

interface MessageShape {
  data?: { message?: { data?: unknown; attributes?: Record<string, unknown> } };
  source?: unknown;
}

/**
 * Decodes one delivery.
 * @throws InvalidEventError for a message that is neither a valid tick nor a valid capture.observed.v1 event.
 */
export function parseDriftMessage(cloudEvent: unknown): DriftMessage {
  const shape = (cloudEvent ?? {}) as MessageShape;
  const attribute = shape.data?.message?.attributes?.topic;
  const source = typeof shape.source === 'string' ? shape.source : '';
  const isTick = attribute === DRIFT_TICK_TOPIC || (attribute === undefined && source.endsWith(DRIFT_TICK_TOPIC));
  if (!isTick) return { kind: 'observation', event: decodePubSubCloudEvent(cloudEvent, 'capture.observed.v1').event };
  const data = shape.data?.message?.data;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(typeof data === 'string' ? data : '', 'base64').toString('utf8'));
  } catch {
    throw new InvalidEventError('malformed_message', 'the drift tick is not base64-encoded JSON');
  }
  const parsed = tickBody.safeParse(body);
  if (!parsed.success)
    throw new InvalidEventError('invalid_payload', `invalid drift tick: ${parsed.error.issues[0]?.message ?? ''}`);
  return { kind: 'tick', ...(parsed.data.tenantId ? { tenantId: parsed.data.tenantId } : {}) };
}
