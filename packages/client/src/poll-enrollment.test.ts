import { describe, expect, it } from 'vitest';
import { EnrollmentTimeoutError, pollEnrollment } from './poll-enrollment.js';
import type { Enrollment, EnrollmentStatus } from './wire-types.js';

const enrollment = (status: EnrollmentStatus, reason?: string): Enrollment => ({
  enrollmentId: 'enr_1',
  userId: 'usr_1',
  status,
  ...(reason ? { reason } : {}),
});

/** A fake clock advanced by the fake sleep, so the test is instant and exact. */
function fakeTime() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: (ms: number) => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

describe('pollEnrollment', () => {
  it('polls until the enrollment is decided, reporting each status, with growing intervals', async () => {
    const answers = [
      enrollment('pending'),
      enrollment('processing'),
      enrollment('processing'),
      enrollment('rejected', 'too_dark'),
    ];
    const seen: string[] = [];
    const time = fakeTime();
    const result = await pollEnrollment(() => Promise.resolve(answers.shift()!), {
      ...time,
      intervalMs: 100,
      maxIntervalMs: 200,
      onStatus: (e) => seen.push(e.status),
    });
    expect(result).toEqual(enrollment('rejected', 'too_dark'));
    expect(seen).toEqual(['pending', 'processing', 'processing', 'rejected']);
    expect(time.sleeps).toEqual([100, 150, 200]);
  });

  it('gives up after the timeout with the last status', async () => {
    const time = fakeTime();
    const error = await pollEnrollment(() => Promise.resolve(enrollment('processing')), {
      ...time,
      intervalMs: 1000,
      maxIntervalMs: 1000,
      timeoutMs: 3000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnrollmentTimeoutError);
    expect((error as EnrollmentTimeoutError).last.status).toBe('processing');
    expect(time.sleeps).toEqual([1000, 1000, 1000]);
  });
});
