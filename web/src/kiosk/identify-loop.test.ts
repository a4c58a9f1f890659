import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.js';
import type { IdentifyResult } from '../api/wire-types.js';
import { runIdentifyLoop } from './identify-loop.js';

/** Simulated time: each identify call takes `serverMs`; sleeps advance the clock. */
function simulation(answers: (IdentifyResult | Error)[], serverMs: number) {
  let t = 0;
  const starts: number[] = [];
  const sleeps: number[] = [];
  return {
    starts,
    sleeps,
    now: () => t,
    sleep: (ms: number) => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
    grabFrame: () => {
      starts.push(t);
      return Promise.resolve(new Blob(['frame']));
    },
    identify: () => {
      t += serverMs;
      const next = answers.shift() ?? { decision: 'denied', reason: 'no_face' };
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
}

const denied = (reason: string): IdentifyResult => ({ decision: 'denied', reason });
const granted: IdentifyResult = { decision: 'granted', userId: 'usr_a', username: 'alice', score: 0.7 };

describe('runIdentifyLoop', () => {
  it('sends frames at the throttled rate until someone is identified, reporting every answer', async () => {
    const sim = simulation([denied('no_face'), denied('face_too_small'), granted], 120);
    const seen: string[] = [];
    const outcome = await runIdentifyLoop({
      ...sim,
      intervalMs: 400,
      timeoutMs: 10_000,
      onAnswer: (r) => seen.push(r.reason ?? r.decision),
    });
    expect(outcome).toMatchObject({ outcome: 'identified', frames: 3, result: granted });
    expect(seen).toEqual(['no_face', 'face_too_small', 'granted']);
    // Frames start 400 ms apart: the 120 ms the server took counts towards the interval.
    expect(sim.starts).toEqual([0, 400, 800]);
    expect(sim.sleeps).toEqual([280, 280]);
  });

  it('never waits when the server is slower than the interval, and times out with the last answer', async () => {
    const sim = simulation([], 700);
    const outcome = await runIdentifyLoop({ ...sim, intervalMs: 400, timeoutMs: 2000 });
    expect(outcome).toMatchObject({ outcome: 'timeout', frames: 3, last: denied('no_face') });
    expect(sim.starts).toEqual([0, 700, 1400]);
    expect(sim.sleeps).toEqual([]);
  });

  it('stops at once on an error more frames cannot fix, and honours Retry-After on a 429', async () => {
    const unauthorized = new ApiError(401, 'unauthorized', 'bad key');
    const failed = await runIdentifyLoop({ ...simulation([unauthorized], 50), intervalMs: 400, timeoutMs: 5000 });
    expect(failed).toMatchObject({ outcome: 'failed', frames: 1, error: unauthorized });

    const sim = simulation([new ApiError(429, 'rate_limited', 'slow down', 2), granted], 50);
    const outcome = await runIdentifyLoop({ ...sim, intervalMs: 400, timeoutMs: 5000 });
    expect(outcome.outcome).toBe('identified');
    expect(sim.starts).toEqual([0, 2000]);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const sim = simulation([], 10);
    const outcome = await runIdentifyLoop({
      ...sim,
      intervalMs: 100,
      timeoutMs: 60_000,
      signal: controller.signal,
      onAnswer: (_r, frame) => frame === 2 && controller.abort(),
    });
    expect(outcome).toMatchObject({ outcome: 'stopped', frames: 2 });
  });
});

describe('runIdentifyLoop with maxFrames', () => {
  it('makes a single attempt for a picked photo and reports its answer', async () => {
    const sim = simulation([denied('too_dark')], 30);
    const outcome = await runIdentifyLoop({ ...sim, intervalMs: 0, timeoutMs: 20_000, maxFrames: 1 });
    expect(outcome).toMatchObject({ outcome: 'timeout', frames: 1, last: denied('too_dark') });
  });

  it('reports a server error of the single attempt as a failure instead of retrying', async () => {
    const error = new ApiError(503, 'unavailable', 'busy');
    const outcome = await runIdentifyLoop({
      ...simulation([error], 30),
      intervalMs: 0,
      timeoutMs: 20_000,
      maxFrames: 1,
    });
    expect(outcome).toMatchObject({ outcome: 'failed', frames: 1, error });
  });
});
