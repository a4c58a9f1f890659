import { describe, expect, expectTypeOf, it } from 'vitest';
import { FakeClock } from '../ports/clock.js';
import type { ImageErrorCode } from '../face/errors.js';
import type { QualityReason } from '../face/quality/quality-report.js';
import type { AuthDenialReason } from './auth-attempted.js';
import type { EnrollmentRejectionReason } from './enrollment-rejected.js';
import { InvalidEventError } from './errors.js';
import { validEvent, validEvents } from './event-factories.test-support.js';
import type { Topic } from './registry.js';
import { isTopic, newEvent, parseEvent, schemaVersionOf, topics } from './registry.js';

function caught(run: () => unknown): InvalidEventError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected InvalidEventError');
}

describe('event registry', () => {
  it('knows exactly the six v1 topics of the brief', () => {
    expect([...topics].sort()).toEqual([
      'auth.attempted.v1',
      'capture.observed.v1',
      'drift.detected.v1',
      'enrollment.rejected.v1',
      'face.enrolled.v1',
      'security.alert.v1',
    ]);
    expect(topics.map(schemaVersionOf)).toEqual(topics.map(() => 1));
  });

  it.each(topics)('accepts a valid %s payload and returns an equal copy', (topic) => {
    const payload = validEvents[topic]();
    const parsed = parseEvent(topic, payload);
    expect(parsed).toEqual(payload);
    expect(parsed).not.toBe(payload);
  });

  it.each(topics)('%s requires the envelope: eventId, tenantId, occurredAt, schemaVersion', (topic) => {
    for (const field of ['eventId', 'tenantId', 'occurredAt', 'schemaVersion'] as const) {
      const payload: Record<string, unknown> = { ...validEvent(topic) };
      delete payload[field];
      const error = caught(() => parseEvent(topic, payload));
      expect(error.code).toBe('invalid_payload');
      expect(error.issues.map((i) => i.path)).toContain(field);
    }
  });

  it('refuses a wrong schema version, a non-ISO timestamp, a non-uuid eventId and an unsafe tenant id', () => {
    const topic = 'face.enrolled.v1';
    const cases: [string, unknown][] = [
      ['schemaVersion', 2],
      ['occurredAt', '01/03/2025 12:00'],
      ['eventId', 'not-a-uuid'],
      ['tenantId', '../other-tenant'],
    ];
    for (const [field, value] of cases) {
      const error = caught(() => parseEvent(topic, { ...validEvent(topic), [field]: value }));
      expect(error.issues.map((i) => i.path)).toEqual([field]);
    }
  });

  it('capture.observed.v1 cannot carry an image or an embedding', () => {
    const topic = 'capture.observed.v1';
    const embedding = Array.from({ length: 128 }, (_, i) => i / 128);
    expect(caught(() => parseEvent(topic, { ...validEvent(topic), embedding })).issues[0]?.message).toMatch(
      /unrecognized key/i,
    );
    expect(caught(() => parseEvent(topic, { ...validEvent(topic), image: 'aGVsbG8=' })).code).toBe('invalid_payload');
    // Nor smuggle one in as 128 "quality features".
    const features = Object.fromEntries(embedding.map((x, i) => [`e${i}`, x]));
    expect(caught(() => parseEvent(topic, { ...validEvent(topic), quality: features })).code).toBe('invalid_payload');
  });

  it('enrollment.rejected.v1 takes only known reason codes', () => {
    const topic = 'enrollment.rejected.v1';
    expect(parseEvent(topic, { ...validEvent(topic), reason: 'duplicate_face' }).reason).toBe('duplicate_face');
    const error = caught(() => parseEvent(topic, { ...validEvent(topic), reason: 'because' }));
    expect(error.issues[0]?.path).toBe('reason');
    expect(error.message).toContain('enrollment.rejected.v1');
  });

  it('throws unknown_topic for a topic outside the registry', () => {
    const error = caught(() => parseEvent('face.enrolled.v2' as Topic, {}));
    expect(error.code).toBe('unknown_topic');
    expect(isTopic('face.enrolled.v2')).toBe(false);
    expect(isTopic('toString')).toBe(false);
  });

  it('refuses non-object payloads with a clear error', () => {
    for (const data of [null, undefined, 'x', 42, []]) {
      expect(caught(() => parseEvent('security.alert.v1', data)).code).toBe('invalid_payload');
    }
  });

  it('newEvent fills eventId, occurredAt from the clock and schemaVersion', () => {
    const clock = new FakeClock('2025-06-01T08:30:00.000Z');
    const event = newEvent(
      'security.alert.v1',
      {
        tenantId: 't1',
        alertId: 'al9',
        kind: 'spoof_suspected',
        severity: 'high',
        attemptIds: [],
        summary: 'screen replay',
      },
      clock,
    );
    expect(event.occurredAt).toBe('2025-06-01T08:30:00.000Z');
    expect(event.schemaVersion).toBe(1);
    expect(event.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => newEvent('security.alert.v1', { tenantId: 't1' } as never, clock)).toThrow(InvalidEventError);
  });

  it('reason codes cover every image error and quality failure the face engine reports', () => {
    expectTypeOf<ImageErrorCode>().toExtend<EnrollmentRejectionReason>();
    expectTypeOf<QualityReason>().toExtend<EnrollmentRejectionReason>();
    expectTypeOf<QualityReason>().toExtend<AuthDenialReason>();
    for (const reason of ['no_face', 'blurred', 'not_an_image'] as const) {
      const topic = 'enrollment.rejected.v1';
      expect(parseEvent(topic, { ...validEvent(topic), reason }).reason).toBe(reason);
    }
  });
});
