import { describe, expect, it } from 'vitest';
import type { Metrics } from '../api/wire-types.js';
import { latencySeries, outcomeSeries, rateWords, scoreSeries } from './metrics-series.js';

const latency = { p50: 90, p95: 140, p99: 180 };
const metrics: Metrics = {
  from: '2025-01-01T00:00:00.000Z',
  to: '2025-01-01T02:00:00.000Z',
  bucketSeconds: 3600,
  totals: {
    attempts: 3,
    outcomes: { granted: 2, denied: 1, error: 0 },
    reasons: { no_match: 1 },
    throughputPerMinute: 0.025,
    latency,
    stages: {},
    labels: { genuine: 0, impostor: 0, fraud: 0 },
  },
  buckets: [
    {
      start: '2025-01-01T00:00:00.000Z',
      attempts: 3,
      outcomes: { granted: 2, denied: 1, error: 0 },
      throughputPerMinute: 0.05,
      latency,
    },
    {
      start: '2025-01-01T01:00:00.000Z',
      attempts: 0,
      outcomes: { granted: 0, denied: 0, error: 0 },
      throughputPerMinute: 0,
      latency: null,
    },
  ],
  scores: {
    threshold: 0.4,
    binWidth: 0.05,
    bins: [
      { from: 0.2, to: 0.25, granted: 0, denied: 1, labelledGenuine: 0, labelledImpostor: 0 },
      { from: 0.4, to: 0.45, granted: 2, denied: 0, labelledGenuine: 0, labelledImpostor: 0 },
    ],
  },
  frr: {
    falseRejects: 1,
    linkedRetries: 1,
    labelledGenuine: 0,
    genuineAttempts: 3,
    estimate: 1 / 3,
    linkWindowSeconds: 600,
  },
  far: { falseAccepts: 0, impostorAttempts: 0, presumedImpostors: 0, grants: 2, estimate: null },
};

describe('metrics series', () => {
  it('turns buckets into uPlot time series, empty buckets as gaps', () => {
    const t0 = Date.parse('2025-01-01T00:00:00Z') / 1000;
    expect(latencySeries(metrics)).toEqual({
      bucketMs: 3_600_000,
      t: [t0, t0 + 3600],
      p50: [90, null],
      p95: [140, null],
      count: [3, 0],
    });
    expect(outcomeSeries(metrics)).toMatchObject({ granted: [2, 0], denied: [1, 0], error: [0, 0] });
  });

  it('turns score bins into a histogram around bin centres with the threshold', () => {
    expect(scoreSeries(metrics)).toEqual({
      centres: [0.225, 0.425],
      binWidth: 0.05,
      granted: [0, 2],
      denied: [1, 0],
      threshold: 0.4,
    });
  });

  it('words an estimate with its counts, or says there is no data', () => {
    expect(rateWords(1 / 3, 1, 3)).toBe('33.33% (1 of 3)');
    expect(rateWords(null, 0, 0)).toBe('— (no data)');
  });
});
