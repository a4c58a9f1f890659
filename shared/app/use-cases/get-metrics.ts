import { z } from 'zod';
import { onlineMetrics } from '../../monitoring/online-metrics.js';
import { parseBucket, chooseBucketMs } from '../../monitoring/time-buckets.js';
import type { AppDeps } from '../app-deps.js';
import { AppError, badRequest } from '../app-error.js';
import type { MetricsInput, MetricsView, Principal, ThresholdCalibrationView } from '../facegate-app.js';
import type { TenantThreshold } from '../../calibration/tenant-threshold.js';
import { requireOperator } from './require-operator.js';
import { tenantModel } from './tenant-model.js';

const DAY_MS = 86_400_000;
/** Longest window one request may ask for, and most buckets it may be cut into. */
export const METRICS_MAX_SPAN_MS = 92 * DAY_MS;
export const METRICS_MAX_BUCKETS = 1000;

const query = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  bucket: z.string().max(16).optional(),
});

/**
 * The online figures of a window of attempts (see shared/monitoring/online-metrics.ts). Every attempt of the
 * window is read (up to FACEGATE_METRICS_MAX_ATTEMPTS, so percentiles are exact, not sampled), plus the grants of
 * the FRR link window after it.
 */
export async function getMetrics(
  deps: Pick<AppDeps, 'clock' | 'engines' | 'log' | 'match' | 'monitoring' | 'repos' | 'thresholds'>,
  principal: Principal,
  input: MetricsInput,
): Promise<MetricsView> {
  requireOperator(principal);
  const parsed = query.safeParse(input);
  if (!parsed.success) throw badRequest('invalid_request', 'Invalid metrics query', parsed.error.issues);
  const to = parsed.data.to ? Date.parse(parsed.data.to) : deps.clock.nowMs();
  const from = parsed.data.from ? Date.parse(parsed.data.from) : to - DAY_MS;
  if (!(from < to)) throw badRequest('invalid_window', '`from` must be before `to`');
  if (to - from > METRICS_MAX_SPAN_MS)
    throw badRequest('invalid_window', `the window may span at most ${METRICS_MAX_SPAN_MS / DAY_MS} days`);
  let bucketMs: number;
  if (parsed.data.bucket === undefined) bucketMs = chooseBucketMs(to - from);
  else {
    const parsedBucket = parseBucket(parsed.data.bucket);
    if (parsedBucket === null)
      throw badRequest('invalid_bucket', '`bucket` must be a whole number of s, m, h or d of at least 1 minute');
    bucketMs = parsedBucket;
  }
  if ((to - from) / bucketMs > METRICS_MAX_BUCKETS)
    throw badRequest('invalid_bucket', `at most ${METRICS_MAX_BUCKETS} buckets: choose a wider bucket`);

  const { frrLinkWindowMs, metricsMaxAttempts } = deps.monitoring;
  const facts = await deps.repos
    .forTenant(principal.tenantId)
    .attempts.facts({ since: from, until: to + frrLinkWindowMs, limit: metricsMaxAttempts });
  if (facts.length > metricsMaxAttempts) {
    throw new AppError(
      422,
      'window_too_large',
      `the window holds more than ${metricsMaxAttempts} attempts; ask for a shorter one`,
    );
  }
  const model = await tenantModel(deps, principal.tenantId);
  const m = onlineMetrics(facts, {
    from,
    to,
    bucketMs,
    threshold: model.threshold,
    linkWindowMs: frrLinkWindowMs,
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  const { linkWindowMs, ...frr } = m.frr;
  return {
    from: iso(m.from),
    to: iso(m.to),
    bucketSeconds: m.bucketMs / 1000,
    totals: m.totals,
    buckets: m.buckets.map((b) => ({ ...b, start: iso(b.start) })),
    scores: m.scores,
    frr: { ...frr, linkWindowSeconds: linkWindowMs / 1000 },
    far: m.far,
    ...(model.calibration ? { calibration: calibrationView(deps, model.version, model.calibration) } : {}),
  };
}

function calibrationView(
  deps: Pick<AppDeps, 'engines' | 'log' | 'match' | 'repos' | 'thresholds'>,
  version: string,
  t: TenantThreshold,
): ThresholdCalibrationView {
  const policy = deps.match.policyFor?.(version);
  return {
    modelVersion: version,
    threshold: t.threshold,
    source: t.source,
    targetFar: policy?.targetFar ?? Number(deps.match.targetFar),
    users: t.users,
    minUsers: policy?.minUsers ?? 0,
    impostorScores: t.impostor_scores,
    galleryThreshold: t.gallery_threshold ?? null,
    globalThreshold: policy?.global ?? t.threshold,
    floor: policy?.floor ?? t.threshold,
    estimatedFar: t.estimated.far,
    farUpper95: t.estimated.far_upper_95,
  };
}
