import { describe, expect, it } from 'vitest';
import type { Attempt } from '../api/wire-types.js';
import { chooseBucketMs, latencyOverTime, outcomesOverTime, scoreHistogram, windowSummary } from './attempt-stats.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
let n = 0;
function attempt(over: Partial<Attempt> & { at: number }): Attempt {
  n += 1;
  const { at, ...rest } = over;
  return {
    id: `att_${n}`,
    kind: 'verify',
    outcome: 'granted',
    score: 0.6,
    threshold: 0.4,
    reason: null,
    latencyMs: 100,
    stageLatencies: null,
    modelVersion: null,
    userId: 'usr_1',
    username: 'alice',
    claimedUsername: 'alice',
    clientIp: null,
    createdAt: new Date(T0 + at).toISOString(),
    quality: null,
    livenessScore: null,
    label: null,
    ...rest,
  };
}

describe('time series', () => {
  it('chooses the smallest bucket giving at most 48 points', () => {
    expect(chooseBucketMs(30 * 60_000)).toBe(60_000);
    expect(chooseBucketMs(24 * 3_600_000)).toBe(3_600_000);
    expect(chooseBucketMs(7 * 86_400_000)).toBe(6 * 3_600_000);
  });

  it('computes p50/p95 per bucket and leaves empty buckets empty', () => {
    const attempts = [
      attempt({ at: 0, latencyMs: 100 }),
      attempt({ at: 10_000, latencyMs: 300 }),
      attempt({ at: 130_000, latencyMs: 50 }),
    ];
    const series = latencyOverTime(attempts, T0, T0 + 179_999, 60_000);
    expect(series.t).toEqual([T0 / 1000, T0 / 1000 + 60, T0 / 1000 + 120]);
    expect(series.p50).toEqual([200, null, 50]);
    expect(series.p95).toEqual([290, null, 50]);
    expect(series.count).toEqual([2, 0, 1]);
  });

  it('counts outcomes per bucket and ignores attempts outside the window', () => {
    const attempts = [
      attempt({ at: 0 }),
      attempt({ at: 1000, outcome: 'denied', reason: 'no_match' }),
      attempt({ at: 61_000, outcome: 'error' }),
      attempt({ at: -5000, outcome: 'denied' }),
    ];
    const series = outcomesOverTime(attempts, T0, T0 + 119_999, 60_000);
    expect(series.granted).toEqual([1, 0]);
    expect(series.denied).toEqual([1, 0]);
    expect(series.error).toEqual([0, 1]);
  });
});

describe('scoreHistogram', () => {
  it('bins scored attempts by outcome, spans the threshold, and skips attempts without a score', () => {
    const attempts = [
      attempt({ at: 0, score: 0.62 }),
      attempt({ at: 0, score: 0.66 }),
      attempt({ at: 0, outcome: 'denied', score: 0.21, reason: 'no_match' }),
      attempt({ at: 0, outcome: 'denied', score: null, reason: 'no_face' }),
    ];
    const h = scoreHistogram(attempts, 0.1);
    expect(h.threshold).toBe(0.4);
    expect(h.centres).toEqual([0.25, 0.35, 0.45, 0.55, 0.65]);
    expect(h.granted).toEqual([0, 0, 0, 0, 2]);
    expect(h.denied).toEqual([1, 0, 0, 0, 0]);
  });

  it('puts a score equal to a bin edge in the bin that starts there', () => {
    const h = scoreHistogram([attempt({ at: 0, score: 0.4 }), attempt({ at: 0, score: 0.5, outcome: 'denied' })], 0.1);
    expect(h.centres).toEqual([0.45, 0.55]);
    expect(h.granted).toEqual([1, 0]);
    expect(h.denied).toEqual([0, 1]);
  });

  it('is empty without scored attempts', () => {
    expect(scoreHistogram([attempt({ at: 0, score: null, outcome: 'denied' })]).centres).toEqual([]);
  });
});

describe('windowSummary', () => {
  it('summarises counts, grant rate and latency', () => {
    const s = windowSummary([
      attempt({ at: 0, latencyMs: 100 }),
      attempt({ at: 0, latencyMs: 300, outcome: 'denied' }),
    ]);
    expect(s).toMatchObject({ total: 2, granted: 1, denied: 1, grantRate: 0.5, p50: 200 });
  });
});
