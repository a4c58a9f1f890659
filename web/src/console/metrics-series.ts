/**
 * The chart series of a `GET /v1/metrics` answer: the server computes the figures (over every attempt of the
 * window), this only reshapes them for uPlot.
 */
import type { Metrics } from '../api/wire-types.js';
import type { LatencySeries, OutcomeSeries, ScoreHistogram } from './attempt-stats.js';

const seconds = (iso: string) => Date.parse(iso) / 1000;

export function latencySeries(m: Metrics): LatencySeries {
  return {
    bucketMs: m.bucketSeconds * 1000,
    t: m.buckets.map((b) => seconds(b.start)),
    p50: m.buckets.map((b) => b.latency?.p50 ?? null),
    p95: m.buckets.map((b) => b.latency?.p95 ?? null),
    count: m.buckets.map((b) => b.attempts),
  };
}

export function outcomeSeries(m: Metrics): OutcomeSeries {
  return {
    bucketMs: m.bucketSeconds * 1000,
    t: m.buckets.map((b) => seconds(b.start)),
    granted: m.buckets.map((b) => b.outcomes.granted),
    denied: m.buckets.map((b) => b.outcomes.denied),
    error: m.buckets.map((b) => b.outcomes.error),
  };
}

export function scoreSeries(m: Metrics): ScoreHistogram {
  const { bins, binWidth, threshold } = m.scores;
  return {
    centres: bins.map((b) => Math.round(((b.from + b.to) / 2) * 1e6) / 1e6),
    binWidth,
    granted: bins.map((b) => b.granted),
    denied: bins.map((b) => b.denied),
    threshold,
  };
}

/** An estimate as a percentage with its counts, or a dash when there is nothing to divide by. */
export function rateWords(estimate: number | null, part: number, whole: number): string {
  return estimate === null ? '— (no data)' : `${(estimate * 100).toFixed(2)}% (${part} of ${whole})`;
}
