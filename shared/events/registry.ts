/**
 * The registry of versioned event contracts: topic name → zod schema. Publishers and consumers both go through
 * `parseEvent`, so a payload that one side would refuse never crosses the bus.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import { authAttemptedV1 } from './auth-attempted.js';
import { captureObservedV1 } from './capture-observed.js';
import { driftDetectedV1 } from './drift-detected.js';
import { enrollmentRejectedV1 } from './enrollment-rejected.js';
import { InvalidEventError } from './errors.js';
import { faceEnrolledV1 } from './face-enrolled.js';
import { securityAlertV1 } from './security-alert.js';

/** Every event contract, keyed by its topic (which is also the Pub/Sub topic id). */
export const eventSchemas = {
  'face.enrolled.v1': faceEnrolledV1,
  'enrollment.rejected.v1': enrollmentRejectedV1,
  'auth.attempted.v1': authAttemptedV1,
  'security.alert.v1': securityAlertV1,
  'capture.observed.v1': captureObservedV1,
  'drift.detected.v1': driftDetectedV1,
} as const;

/** A versioned event topic, e.g. `'face.enrolled.v1'`. */
export type Topic = keyof typeof eventSchemas;

/** Every topic, in a stable order (for infra and tests). */
export const topics = Object.keys(eventSchemas) as Topic[];

/** The validated payload type of a topic. */
export type EventPayload<T extends Topic> = z.infer<(typeof eventSchemas)[T]>;

/** A payload before the envelope's generated fields are filled in (see `newEvent`). */
export type EventBody<T extends Topic> = Omit<EventPayload<T>, 'eventId' | 'occurredAt' | 'schemaVersion'>;

/** True when `value` names a known topic. */
export function isTopic(value: unknown): value is Topic {
  return typeof value === 'string' && Object.hasOwn(eventSchemas, value);
}

/**
 * Validates `data` against the schema of `topic` and returns the typed payload (a new object; unknown fields
 * are refused, never passed through).
 * @throws InvalidEventError `unknown_topic` or `invalid_payload` (with every issue and its path).
 */
export function parseEvent<T extends Topic>(topic: T, data: unknown): EventPayload<T> {
  if (!isTopic(topic)) {
    throw new InvalidEventError('unknown_topic', `unknown event topic: ${String(topic)}`, String(topic));
  }
  const result = eventSchemas[topic].safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(root)',
      message: issue.message,
    }));
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new InvalidEventError('invalid_payload', `invalid ${topic} payload: ${summary}`, topic, issues);
  }
  return result.data as EventPayload<T>;
}

/**
 * Completes a payload with a fresh `eventId`, `occurredAt` from the clock and the topic's `schemaVersion`,
 * and validates it.
 * @throws InvalidEventError when the result does not match the schema.
 */
export function newEvent<T extends Topic>(topic: T, body: EventBody<T>, clock: Clock = systemClock): EventPayload<T> {
  return parseEvent(topic, {
    ...body,
    eventId: randomUUID(),
    occurredAt: clock.now().toISOString(),
    schemaVersion: schemaVersionOf(topic),
  });
}

/** The major version encoded at the end of a topic name (`…v1` → 1). */
export function schemaVersionOf(topic: Topic): number {
  return Number(topic.slice(topic.lastIndexOf('.v') + 2));
}
