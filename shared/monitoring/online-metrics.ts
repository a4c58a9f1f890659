/**
 * The operator's live figures over a window of attempts: latency percentiles and throughput per time bucket,
 * outcome counts, score histograms split by decision (and by operator label) against the threshold, and the
 * online FRR and FAR estimates. Pure: the use case reads the attempts, this module only counts.
 *
 * The estimates (docs/monitoring.md says more about what they can and cannot tell):
 * - a false reject is a denial of a known user that an operator labelled `genuine`, or, unlabelled, one followed
 *   by a grant for the same user within the link window (the person tried again and got in) — except a comparison
 *   denial whose score was far below the threshold: that face was someone else's, and the grant after it was the
 *   real user coming along, not a retry (an impostor's tries followed by the owner's login used to count as false
 *   rejects: 7 impostor denials and 7 grants read as 50% FRR). FRR = false rejects / (false rejects + grants not
 *   labelled impostor or fraud).
 * - a false accept is a grant an operator labelled `impostor` or `fraud`; FAR = false accepts / impostor
 *   attempts, where impostor attempts are those false accepts plus the denials after a comparison (`no_match`,
 *   `ambiguous_match`) that were not labelled genuine and not followed by a grant (presumed impostors).
 */
import { scoreBinWidth } from './score-bin-width.js';
import type { AttemptOutcome } from '../domain/attempt.js';
import { percentile } from '../arrays/percentile.js';
import type { AttemptFacts } from '../ports/repositories.js';

/** Denials that say nothing about recognition: nobody to link a retry to, or no face compared for a reason. */
const NOT_RECOGNITION_DENIALS: ReadonlySet<string> = new Set([
  'unknown_user',
  'not_enrolled',
  'locked_out',
  'internal_error',
]);
/** Denials after a comparison: the only ones presumed to be impostors when nothing says otherwise. */
const COMPARISON_DENIALS: ReadonlySet<string> = new Set(['no_match', 'ambiguous_match']);
/**
 * How far below the threshold a comparison denial may score and still be the user's own near miss (similarity
 * units). With the default model's threshold 0.40, impostor pairs of `wild` average 0.16 and genuine pairs sit well
 * above the threshold, so a denial under 0.25 is another person's face whatever happens next.
 */
export const DEFAULT_NEAR_MISS_MARGIN = 0.15;

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface MetricsBucket {
  /** Epoch milliseconds. */
  start: number;
  attempts: number;
  outcomes: Record<AttemptOutcome, number>;
  /** Attempts per minute over the bucket. */
  throughputPerMinute: number;
  /** Null when the bucket has no attempts. */
  latency: Percentiles | null;
}

export interface ScoreBin {
  from: number;
  to: number;
  granted: number;
  denied: number;
  /** Attempts an operator labelled genuine, and impostor or fraud, whatever the decision. */
  labelledGenuine: number;
  labelledImpostor: number;
}

export interface OnlineFrr {
  falseRejects: number;
  /** Of which: unlabelled denials followed by a grant for the same user within the link window. */
  linkedRetries: number;
  /** Of which: denials labelled genuine. */
  labelledGenuine: number;
  genuineAttempts: number;
  /** falseRejects / genuineAttempts; null without genuine attempts. */
  estimate: number | null;
  linkWindowMs: number;
}

export interface OnlineFar {
  falseAccepts: number;
  impostorAttempts: number;
  /** Of the impostor attempts: unlabelled comparison denials presumed to be impostors. */
  presumedImpostors: number;
  grants: number;
  /** falseAccepts / impostorAttempts; null without impostor attempts. */
  estimate: number | null;
}

export interface OnlineMetrics {
  from: number;
  to: number;
  bucketMs: number;
  totals: {
    attempts: number;
    outcomes: Record<AttemptOutcome, number>;
    reasons: Record<string, number>;
    throughputPerMinute: number;
    latency: Percentiles | null;
    /** Per analysis stage (decode, detect, align, embed, total), over the attempts that recorded it. */
    stages: Record<string, Percentiles>;
    labels: { genuine: number; impostor: number; fraud: number };
  };
  buckets: MetricsBucket[];
  scores: { threshold: number; binWidth: number; bins: ScoreBin[] };
  frr: OnlineFrr;
  far: OnlineFar;
}

export interface MetricsWindow {
  from: number;
  to: number;
  bucketMs: number;
  /** The threshold the score histogram is drawn against (the current one). */
  threshold: number;
  /** How soon a grant must follow a denial of the same user for the denial to count as a false reject. */
  linkWindowMs: number;
  /** Width of the score histogram's bins (default: from the scores' scale, `score-bin-width.ts`). */
  scoreBinWidth?: number;
  /** A comparison denial links to a later grant only when it scored within this of its threshold. */
  nearMissMargin?: number;
}

function percentiles(values: readonly number[]): Percentiles | null {
  if (values.length === 0) return null;
  return { p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99) };
}

const zeroOutcomes = (): Record<AttemptOutcome, number> => ({ granted: 0, denied: 0, error: 0 });
const isFraudLabel = (a: AttemptFacts) => a.label === 'impostor' || a.label === 'fraud';

/**
 * Computes the metrics of attempts in [from, to). `attempts` must be sorted by time and may run on past `to` by
 * the link window (grants there still link to denials before `to`, but are not counted themselves).
 */
export function onlineMetrics(attempts: readonly AttemptFacts[], w: MetricsWindow): OnlineMetrics {
  const inWindow = attempts.filter((a) => a.createdAt >= w.from && a.createdAt < w.to);
  const bucketCount = Math.max(1, Math.ceil((w.to - w.from) / w.bucketMs));
  const perBucket = Array.from({ length: bucketCount }, () => ({
    latencies: [] as number[],
    outcomes: zeroOutcomes(),
  }));
  const totals = zeroOutcomes();
  const reasons: Record<string, number> = {};
  const stageValues: Record<string, number[]> = {};
  const labels = { genuine: 0, impostor: 0, fraud: 0 };
  for (const a of inWindow) {
    const bucket = perBucket[Math.min(bucketCount - 1, Math.floor((a.createdAt - w.from) / w.bucketMs))]!;
    bucket.outcomes[a.outcome] += 1;
    if (Number.isFinite(a.latencyMs)) bucket.latencies.push(a.latencyMs);
    totals[a.outcome] += 1;
    if (a.reason) reasons[a.reason] = (reasons[a.reason] ?? 0) + 1;
    if (a.label) labels[a.label] += 1;
    for (const [stage, ms] of Object.entries(a.stageLatencies ?? {})) {
      if (typeof ms === 'number' && Number.isFinite(ms)) (stageValues[stage] ??= []).push(ms);
    }
  }
  const minutes = (ms: number) => ms / 60_000;
  const buckets: MetricsBucket[] = perBucket.map((b, i) => {
    const start = w.from + i * w.bucketMs;
    const count = b.outcomes.granted + b.outcomes.denied + b.outcomes.error;
    return {
      start,
      attempts: count,
      outcomes: b.outcomes,
      throughputPerMinute: count / minutes(Math.min(w.bucketMs, w.to - start)),
      latency: percentiles(b.latencies),
    };
  });
  const stages: Record<string, Percentiles> = {};
  for (const [stage, values] of Object.entries(stageValues)) stages[stage] = percentiles(values)!;

  return {
    from: w.from,
    to: w.to,
    bucketMs: w.bucketMs,
    totals: {
      attempts: inWindow.length,
      outcomes: totals,
      reasons,
      throughputPerMinute: inWindow.length / minutes(w.to - w.from),
      latency: percentiles(inWindow.map((a) => a.latencyMs).filter(Number.isFinite)),
      stages,
      labels,
    },
    buckets,
    scores: scoreHistogram(inWindow, w.threshold, w.scoreBinWidth ?? scoreBinWidth(scoresOf(inWindow), w.threshold)),
    ...errorRates(attempts, w),
  };
}

function scoresOf(attempts: readonly AttemptFacts[]): number[] {
  return attempts.flatMap((a) => (a.score !== null && a.outcome !== 'error' ? [a.score] : []));
}

/** Histograms of the scores of compared attempts, over whole bins that always include the threshold. */
export function scoreHistogram(
  attempts: readonly AttemptFacts[],
  threshold: number,
  binWidth: number,
): { threshold: number; binWidth: number; bins: ScoreBin[] } {
  const scored = attempts.filter((a) => a.score !== null && Number.isFinite(a.score) && a.outcome !== 'error');
  if (scored.length === 0) return { threshold, binWidth, bins: [] };
  const all = [...scored.map((a) => a.score!), threshold];
  // The epsilon keeps 0.4 out of the bin below through 0.39999… rounding.
  const index = (x: number) => Math.floor(x / binWidth + 1e-9);
  const lo = index(Math.min(...all));
  const hi = index(Math.max(...all));
  const round = (x: number) => Math.round(x * 1e9) / 1e9;
  const bins: ScoreBin[] = [];
  for (let i = lo; i <= hi; i++)
    bins.push({
      from: round(i * binWidth),
      to: round((i + 1) * binWidth),
      granted: 0,
      denied: 0,
      labelledGenuine: 0,
      labelledImpostor: 0,
    });
  for (const a of scored) {
    const bin = bins[index(a.score!) - lo]!;
    if (a.outcome === 'granted') bin.granted += 1;
    else bin.denied += 1;
    if (a.label === 'genuine') bin.labelledGenuine += 1;
    else if (isFraudLabel(a)) bin.labelledImpostor += 1;
  }
  return { threshold, binWidth, bins };
}

/** The online FRR and FAR estimates over the denials and grants in [from, to). */
export function errorRates(attempts: readonly AttemptFacts[], w: MetricsWindow): { frr: OnlineFrr; far: OnlineFar } {
  // Grant times per user, ascending (attempts come sorted), including those up to a link window after `to`.
  const grantsByUser = new Map<string, number[]>();
  for (const a of attempts) {
    if (a.outcome === 'granted' && a.userId && !isFraudLabel(a)) {
      const list = grantsByUser.get(a.userId) ?? [];
      list.push(a.createdAt);
      grantsByUser.set(a.userId, list);
    }
  }
  const grantedSoonAfter = (a: AttemptFacts) =>
    a.userId !== null &&
    (grantsByUser.get(a.userId) ?? []).some((t) => t > a.createdAt && t - a.createdAt <= w.linkWindowMs);
  const margin = w.nearMissMargin ?? DEFAULT_NEAR_MISS_MARGIN;
  // A comparison that scored far below its threshold saw another person's face: never the user's own retry.
  const someoneElse = (a: AttemptFacts) =>
    a.reason !== null &&
    COMPARISON_DENIALS.has(a.reason) &&
    a.score !== null &&
    a.threshold !== null &&
    Number.isFinite(a.score) &&
    a.score < a.threshold - margin;

  let linkedRetries = 0;
  let labelledGenuine = 0;
  let genuineGrants = 0;
  let falseAccepts = 0;
  let grants = 0;
  let presumedImpostors = 0;
  let labelledImpostorDenials = 0;
  for (const a of attempts) {
    if (a.createdAt < w.from || a.createdAt >= w.to) continue;
    if (a.outcome === 'granted') {
      grants += 1;
      if (isFraudLabel(a)) falseAccepts += 1;
      else genuineGrants += 1;
      continue;
    }
    if (a.outcome !== 'denied') continue;
    if (a.label === 'genuine') {
      labelledGenuine += 1;
      continue;
    }
    if (isFraudLabel(a)) {
      labelledImpostorDenials += 1;
      continue;
    }
    if (a.reason !== null && NOT_RECOGNITION_DENIALS.has(a.reason)) continue;
    if (!someoneElse(a) && grantedSoonAfter(a)) linkedRetries += 1;
    else if (a.reason !== null && COMPARISON_DENIALS.has(a.reason)) presumedImpostors += 1;
  }
  const falseRejects = linkedRetries + labelledGenuine;
  const genuineAttempts = falseRejects + genuineGrants;
  const impostorAttempts = falseAccepts + labelledImpostorDenials + presumedImpostors;
  return {
    frr: {
      falseRejects,
      linkedRetries,
      labelledGenuine,
      genuineAttempts,
      estimate: genuineAttempts > 0 ? falseRejects / genuineAttempts : null,
      linkWindowMs: w.linkWindowMs,
    },
    far: {
      falseAccepts,
      impostorAttempts,
      presumedImpostors,
      grants,
      estimate: impostorAttempts > 0 ? falseAccepts / impostorAttempts : null,
    },
  };
}
