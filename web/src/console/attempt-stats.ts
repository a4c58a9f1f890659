/**
 * The console's figures from a window of attempts: latency percentiles over time, outcomes over time, and score
 * histograms against the threshold. Pure functions over plain arrays, so the charts only draw.
 */
import { scoreBinWidth } from '../../../shared/monitoring/score-bin-width.js';
import { percentile } from '../../../shared/arrays/percentile.js';
import type { Attempt } from '../api/wire-types.js';

/** Bucket widths the time charts choose from, smallest first. */
const BUCKETS_MS = [60_000, 5 * 60_000, 15 * 60_000, 3_600_000, 6 * 3_600_000, 86_400_000];

/** The smallest bucket that splits `spanMs` into at most `maxBuckets`. */
export function chooseBucketMs(spanMs: number, maxBuckets = 48): number {
  return BUCKETS_MS.find((b) => spanMs / b <= maxBuckets) ?? BUCKETS_MS[BUCKETS_MS.length - 1]!;
}

export interface TimeBuckets {
  /** Bucket starts in seconds since the epoch (uPlot's time unit). */
  t: number[];
  bucketMs: number;
}

/** Every bucket from the one holding `fromMs` to the one holding `toMs`, so gaps show as gaps. */
function buckets(fromMs: number, toMs: number, bucketMs: number): number[] {
  const first = Math.floor(fromMs / bucketMs) * bucketMs;
  const starts: number[] = [];
  for (let b = first; b <= toMs; b += bucketMs) starts.push(b);
  return starts;
}

const timeOf = (a: Attempt) => Date.parse(a.createdAt);

export interface LatencySeries extends TimeBuckets {
  p50: (number | null)[];
  p95: (number | null)[];
  count: number[];
}

/** p50 and p95 latency per bucket over [fromMs, toMs]; null where a bucket has no attempts. */
export function latencyOverTime(
  attempts: readonly Attempt[],
  fromMs: number,
  toMs: number,
  bucketMs: number,
): LatencySeries {
  const starts = buckets(fromMs, toMs, bucketMs);
  const per = starts.map(() => [] as number[]);
  for (const a of attempts) {
    const i = Math.floor((timeOf(a) - starts[0]!) / bucketMs);
    if (i >= 0 && i < per.length && Number.isFinite(a.latencyMs)) per[i]!.push(a.latencyMs);
  }
  return {
    bucketMs,
    t: starts.map((s) => s / 1000),
    p50: per.map((v) => (v.length ? percentile(v, 50) : null)),
    p95: per.map((v) => (v.length ? percentile(v, 95) : null)),
    count: per.map((v) => v.length),
  };
}

export interface OutcomeSeries extends TimeBuckets {
  granted: number[];
  denied: number[];
  error: number[];
}

export function outcomesOverTime(
  attempts: readonly Attempt[],
  fromMs: number,
  toMs: number,
  bucketMs: number,
): OutcomeSeries {
  const starts = buckets(fromMs, toMs, bucketMs);
  const series: OutcomeSeries = {
    bucketMs,
    t: starts.map((s) => s / 1000),
    granted: starts.map(() => 0),
    denied: starts.map(() => 0),
    error: starts.map(() => 0),
  };
  for (const a of attempts) {
    const i = Math.floor((timeOf(a) - starts[0]!) / bucketMs);
    if (i >= 0 && i < starts.length) series[a.outcome][i]! += 1;
  }
  return series;
}

export interface ScoreHistogram {
  /** Bin centres. */
  centres: number[];
  binWidth: number;
  /** Scores of granted attempts. */
  granted: number[];
  /** Scores of denied attempts that were compared (a score exists). */
  denied: number[];
  /** The threshold most attempts were judged against (the latest one), or null without data. */
  threshold: number | null;
}

/**
 * Histograms of the scores of granted and denied attempts. Only attempts with a score count: a capture refused
 * before any comparison (no face, too dark) says nothing about the score distribution. The range always covers
 * the threshold so its line is on the chart.
 */
export function scoreHistogram(attempts: readonly Attempt[], width?: number): ScoreHistogram {
  const scored = attempts.filter((a) => a.score !== null && Number.isFinite(a.score) && a.outcome !== 'error');
  const threshold = attempts.find((a) => a.threshold !== null)?.threshold ?? null;
  // The server's bins, from the scale the scores are on (0.05 on a cosine scale, wider on the fused one).
  const binWidth =
    width ??
    scoreBinWidth(
      scored.map((a) => a.score!),
      threshold,
    );
  if (scored.length === 0) return { centres: [], binWidth, granted: [], denied: [], threshold };
  const values = scored.map((a) => a.score!);
  if (threshold !== null) values.push(threshold);
  // Round the edges to whole bins; the small epsilon keeps 0.4 from landing in the bin below through 0.39999….
  const lo = Math.floor(Math.min(...values) / binWidth + 1e-9) * binWidth;
  const hi = Math.floor(Math.max(...values) / binWidth + 1e-9) * binWidth;
  const n = Math.round((hi - lo) / binWidth) + 1;
  const histogram: ScoreHistogram = {
    centres: Array.from({ length: n }, (_, i) => round(lo + (i + 0.5) * binWidth)),
    binWidth,
    granted: new Array<number>(n).fill(0),
    denied: new Array<number>(n).fill(0),
    threshold,
  };
  for (const a of scored) {
    const i = Math.min(n - 1, Math.max(0, Math.floor((a.score! - lo) / binWidth + 1e-9)));
    histogram[a.outcome === 'granted' ? 'granted' : 'denied'][i]! += 1;
  }
  return histogram;
}

/** Summary line for the charts: counts, rates and latency over the whole window. */
export function windowSummary(attempts: readonly Attempt[]) {
  const latencies = attempts
    .map((a) => a.latencyMs)
    .filter(Number.isFinite)
    .sort((x, y) => x - y);
  const granted = attempts.filter((a) => a.outcome === 'granted').length;
  return {
    total: attempts.length,
    granted,
    denied: attempts.filter((a) => a.outcome === 'denied').length,
    grantRate: attempts.length ? granted / attempts.length : Number.NaN,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
