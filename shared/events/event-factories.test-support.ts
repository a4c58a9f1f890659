/** Small factories of valid event payloads, one per topic, for tests of the events and the buses. */
import { randomUUID } from 'node:crypto';
import type { EventPayload, Topic } from './registry.js';

const base = (tenantId = 't1') => ({
  eventId: randomUUID(),
  tenantId,
  occurredAt: '2025-03-01T12:00:00.000Z',
  schemaVersion: 1 as const,
});

export const validEvents: { [T in Topic]: () => EventPayload<T> } = {
  'face.enrolled.v1': () => ({
    ...base(),
    enrollmentId: 'e1',
    userId: 'u1',
    captureId: 'c1',
    templateId: 'tpl1',
    modelVersion: 'facerecognitionnet@0.22.5',
    dims: 128,
    quality: { brightness: 121.5, sharpness: 310, faceSize: 180 },
  }),
  'enrollment.rejected.v1': () => ({
    ...base(),
    enrollmentId: 'e1',
    userId: 'u1',
    captureId: 'c1',
    reason: 'multiple_faces',
    message: 'two faces in the picture',
  }),
  'auth.attempted.v1': () => ({
    ...base(),
    attemptId: 'a1',
    kind: 'verify',
    outcome: 'denied',
    reason: 'no_match',
    userId: 'u1',
    score: 0.31,
    threshold: 0.55,
    modelVersion: 'facerecognitionnet@0.22.5',
    latencyMs: 87,
  }),
  'security.alert.v1': () => ({
    ...base(),
    alertId: 'al1',
    kind: 'repeated_failures',
    severity: 'medium',
    userId: 'u1',
    attemptIds: ['a1', 'a2', 'a3'],
    summary: '3 denied attempts in 2 minutes',
  }),
  'capture.observed.v1': () => ({
    ...base(),
    captureId: 'c9',
    kind: 'identify',
    modelVersion: 'facerecognitionnet@0.22.5',
    quality: { brightness: 98, sharpness: 140.2, yaw: -4.5 },
    score: 0.72,
    outcome: 'granted',
  }),
  'drift.detected.v1': () => ({
    ...base(),
    modelVersion: 'facerecognitionnet@0.22.5',
    feature: 'brightness',
    statistic: 'psi',
    value: 0.31,
    threshold: 0.2,
    severity: 'alert',
    window: { start: '2025-03-01T00:00:00Z', end: '2025-03-02T00:00:00Z', count: 412 },
    reference: { start: '2025-02-01T00:00:00Z', end: '2025-03-01T00:00:00Z', count: 9120 },
  }),
};

/** A valid payload of `topic` with a given tenant. */
export function validEvent<T extends Topic>(topic: T, tenantId = 't1'): EventPayload<T> {
  return { ...validEvents[topic](), tenantId };
}
