/**
 * The Cloud Storage "object finalized" event, validated, in either of its two deliveries: the CloudEvent
 * `google.cloud.storage.object.v1.finalized` (Eventarc), or the bucket's Pub/Sub notification (`OBJECT_FINALIZE`,
 * payload JSON_API_V1) pushed by the stack's subscription, which the Functions Framework hands over as a
 * `google.cloud.pubsub.topic.v1.messagePublished` CloudEvent with the object in the base64 message data. Either way
 * the object's metadata is in the JSON API's shape, where int64 fields such as `generation` and `size` are decimal
 * strings.
 */
import { z } from 'zod';
import type { ObjectFinalized } from '../../shared/app/facegate-app.js';

export const OBJECT_FINALIZED_TYPE = 'google.cloud.storage.object.v1.finalized';
export const PUBSUB_PUBLISHED_TYPE = 'google.cloud.pubsub.topic.v1.messagePublished';
/** The `eventType` attribute of a bucket notification for a new object. */
export const NOTIFICATION_FINALIZE = 'OBJECT_FINALIZE';

/** The fields of Cloud Storage's StorageObjectData that the embed step reads (the event carries many more). */
export interface StorageObjectData {
  bucket?: string;
  name?: string;
  generation?: string | number;
  contentType?: string;
  size?: string | number;
  [field: string]: unknown;
}

const int64 = z.union([z.string().regex(/^\d{1,19}$/, 'expected a decimal integer'), z.number().int().nonnegative()]);

const storageObjectSchema = z.object({
  bucket: z.string().min(1).max(222),
  name: z.string().min(1).max(1024),
  generation: int64.transform(String),
  contentType: z.string().max(255).optional(),
  size: int64.transform(Number).pipe(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)),
});

export type ParsedObjectEvent = { ok: true; event: ObjectFinalized } | { ok: false; reason: string };

/** Parses a CloudEvent's type and data; the reason says what was wrong, for the log. */
export function parseObjectFinalized(cloudEvent: { type?: unknown; data?: unknown }): ParsedObjectEvent {
  let data: unknown;
  if (cloudEvent.type === PUBSUB_PUBLISHED_TYPE) {
    const message = (cloudEvent.data as { message?: { data?: unknown; attributes?: Record<string, unknown> } })
      ?.message;
    const eventType = message?.attributes?.eventType;
    if (eventType !== NOTIFICATION_FINALIZE) {
      return { ok: false, reason: `unexpected notification type ${JSON.stringify(eventType)}` };
    }
    data = typeof message?.data === 'string' ? parseJson(Buffer.from(message.data, 'base64').toString('utf8')) : {};
  } else if (cloudEvent.type !== undefined && cloudEvent.type !== OBJECT_FINALIZED_TYPE) {
    return { ok: false, reason: `unexpected event type ${JSON.stringify(cloudEvent.type)}` };
  } else {
    data = typeof cloudEvent.data === 'string' ? parseJson(cloudEvent.data) : cloudEvent.data;
  }
  const result = storageObjectSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(data)'}: ${i.message}`);
    return { ok: false, reason: `invalid object data: ${problems.join('; ')}` };
  }
  const { bucket, name, generation, contentType, size } = result.data;
  return { ok: true, event: { bucket, name, generation, size, ...(contentType ? { contentType } : {}) } };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
