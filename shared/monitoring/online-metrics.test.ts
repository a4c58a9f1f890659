import { describe, expect, it } from 'vitest';
import type { AttemptFacts } from '../ports/repositories.js';
import { errorRates, onlineMetrics, scoreHistogram } from './online-metrics.js';
import { chooseBucketMs, parseBucket } from './time-buckets.js';

const T0 = Date.parse('2025-03-01T00:00:00Z');
const MIN = 60_000;
let n = 0;

function attempt(at: number, over: Partial<AttemptFacts> = {}): AttemptFacts {
  n += 1;
  return {
    id: `att_${String(n).padStart(4, '0')}`,
    kind: 'verify',
    outcome: 'granted',
    reason: null,
    score: 0.7,
    threshold: 0.4,
    latencyMs: 100,
    stageLatencies: null,
    userId: 'usr_a',
    label: null,
    createdAt: T0 + at,
    ...over,
  };
}
const denied = (at: number, over: Partial<AttemptFacts> = {}) =>
  attempt(at, { outcome: 'denied', reason: 'no_match', score: 0.2, ...over });

const window = { from: T0, to: T0 + 10 * MIN, bucketMs: 5 * MIN, threshold: 0.4, linkWindowMs: 2 * MIN };

describe('onlineMetrics', () => {
  it('computes latency percentiles, throughput and outcomes per bucket, and stage percentiles over the window', () => {
    const attempts = [
      attempt(0, { latencyMs: 100, stageLatencies: { detect: 10, total: 90 } }),
      attempt(MIN, { latencyMs: 200, stageLatencies: { detect: 30, total: 180 } }),
      denied(2 * MIN, { latencyMs: 300 }),
      attempt(6 * MIN, { latencyMs: 50, outcome: 'error', score: null }),
    ];
    const m = onlineMetrics(attempts, window);
    expect(m.buckets.map((b) => b.start)).toEqual([T0, T0 + 5 * MIN]);
    expect(m.buckets[0]).toMatchObject({
      attempts: 3,
      outcomes: { granted: 2, denied: 1, error: 0 },
      throughputPerMinute: 3 / 5,
      latency: { p50: 200, p95: 290, p99: 298 },
    });
    expect(m.buckets[1]).toMatchObject({ attempts: 1, outcomes: { granted: 0, denied: 0, error: 1 } });
    expect(m.totals).toMatchObject({
      attempts: 4,
      throughputPerMinute: 0.4,
      reasons: { no_match: 1 },
      stages: { detect: { p50: 20, p95: 29, p99: 29.8 }, total: { p50: 135, p95: 175.5, p99: 179.1 } },
    });
    expect(m.totals.latency?.p50).toBe(150);
  });

  it('leaves an empty bucket with null latency and counts nothing outside [from, to)', () => {
    const m = onlineMetrics([attempt(-1), attempt(0), attempt(10 * MIN)], window);
    expect(m.totals.attempts).toBe(1);
    expect(m.buckets[1]).toMatchObject({ attempts: 0, latency: null, throughputPerMinute: 0 });
  });
});

describe('score histogram', () => {
  it('bins granted and denied scores and labelled ones, on whole bins spanning the threshold', () => {
    const h = scoreHistogram(
      [
        attempt(0, { score: 0.62 }),
        attempt(0, { score: 0.4 }),
        denied(0, { score: 0.21, label: 'genuine' }),
        denied(0, { score: null, reason: 'no_face' }),
        attempt(0, { score: 0.55, label: 'fraud' }),
      ],
      0.4,
      0.1,
    );
    expect(h.bins.map((b) => [b.from, b.to])).toEqual([
      [0.2, 0.3],
      [0.3, 0.4],
      [0.4, 0.5],
      [0.5, 0.6],
      [0.6, 0.7],
    ]);
    expect(h.bins.map((b) => b.granted)).toEqual([0, 0, 1, 1, 1]);
    expect(h.bins.map((b) => b.denied)).toEqual([1, 0, 0, 0, 0]);
    expect(h.bins.map((b) => b.labelledGenuine)).toEqual([1, 0, 0, 0, 0]);
    expect(h.bins.map((b) => b.labelledImpostor)).toEqual([0, 0, 0, 1, 0]);
    expect(scoreHistogram([denied(0, { score: null })], 0.4, 0.05).bins).toEqual([]);
  });
});

describe('online FRR and FAR estimates', () => {
  it('counts a denial followed by a grant for the same user within the link window as a false reject', () => {
    const rates = errorRates(
      [
        denied(0, { score: 0.33 }), // a near miss, retried and granted 1 min later: false reject
        attempt(MIN),
        denied(3 * MIN, { userId: 'usr_b' }), // usr_b granted 3 min later: too late, a presumed impostor
        attempt(6 * MIN, { userId: 'usr_b' }),
        denied(7 * MIN, { reason: 'too_dark', score: null, userId: 'usr_c' }), // quality failure, never retried
        denied(8 * MIN, { reason: 'unknown_user', userId: null }), // says nothing about recognition
        denied(9 * MIN, { userId: 'usr_d', score: 0.3 }), // granted after `to`, within the link window: linked
        attempt(10 * MIN + 30_000, { userId: 'usr_d' }),
      ],
      window,
    );
    expect(rates.frr).toMatchObject({ falseRejects: 2, linkedRetries: 2, labelledGenuine: 0, genuineAttempts: 4 });
    expect(rates.frr.estimate).toBe(0.5);
    expect(rates.far).toMatchObject({ falseAccepts: 0, presumedImpostors: 1, impostorAttempts: 1, grants: 2 });
    expect(rates.far.estimate).toBe(0);
  });

  it("does not count an impostor's denials as false rejects when the real user logs in after them", () => {
    // 7 tries with someone else's face (scores far below the threshold), each followed by the owner's grant.
    const attempts = Array.from({ length: 7 }, (_, i) => [
      denied(i * MIN, { score: 0.12 + i * 0.01 }),
      attempt(i * MIN + 30_000),
    ]).flat();
    const rates = errorRates(attempts, window);
    expect(rates.frr).toMatchObject({ falseRejects: 0, linkedRetries: 0, genuineAttempts: 7 });
    expect(rates.frr.estimate).toBe(0);
    expect(rates.far).toMatchObject({ presumedImpostors: 7, impostorAttempts: 7, falseAccepts: 0 });
    // The same pattern with near misses is the user's own retries.
    const nearMisses = Array.from({ length: 7 }, (_, i) => [
      denied(i * MIN, { score: 0.36 }),
      attempt(i * MIN + 30_000),
    ]).flat();
    expect(errorRates(nearMisses, window).frr).toMatchObject({ falseRejects: 7, genuineAttempts: 14 });
    // A label still wins over the score.
    expect(errorRates([denied(0, { score: 0.1, label: 'genuine' }), attempt(MIN)], window).frr.falseRejects).toBe(1);
  });

  it('lets operator labels override the presumption both ways', () => {
    const rates = errorRates(
      [
        denied(0, { label: 'genuine', userId: 'usr_x' }), // false reject though never retried
        denied(MIN), // retried…
        attempt(2 * MIN, { label: 'fraud' }), // …but the "retry" was a fraud: a false accept, and no link
        attempt(3 * MIN, { label: 'impostor', userId: 'usr_y' }),
        denied(4 * MIN, { label: 'impostor', userId: 'usr_z' }),
        attempt(5 * MIN, { userId: 'usr_w' }),
      ],
      window,
    );
    expect(rates.frr).toMatchObject({ falseRejects: 1, labelledGenuine: 1, linkedRetries: 0, genuineAttempts: 2 });
    // False accepts 2; impostor attempts = 2 + 1 labelled impostor denial + 1 presumed (the unlinked no_match).
    expect(rates.far).toMatchObject({ falseAccepts: 2, impostorAttempts: 4, presumedImpostors: 1, grants: 3 });
    expect(rates.far.estimate).toBe(0.5);
  });

  it('has no estimate without the attempts to divide by', () => {
    const rates = errorRates([], window);
    expect(rates.frr.estimate).toBeNull();
    expect(rates.far.estimate).toBeNull();
  });
});

describe('time buckets', () => {
  it('parses s/m/h/d widths of at least a minute and chooses at most 48 usual buckets', () => {
    expect(parseBucket('90s')).toBe(90_000);
    expect(parseBucket('5m')).toBe(300_000);
    expect(parseBucket('2h')).toBe(7_200_000);
    expect(parseBucket('1d')).toBe(86_400_000);
    for (const bad of ['30s', '5', 'm', '1w', '1.5h', ' 1h']) expect(parseBucket(bad), bad).toBeNull();
    expect(chooseBucketMs(30 * MIN)).toBe(MIN);
    expect(chooseBucketMs(24 * 60 * MIN)).toBe(60 * MIN);
    expect(chooseBucketMs(7 * 24 * 60 * MIN)).toBe(6 * 60 * MIN);
  });
});
