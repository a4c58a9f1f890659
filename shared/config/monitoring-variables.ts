/**
 * The variables of online metrics and drift monitoring, declared once with their documentation (part of
 * `loadConfig`'s schema), and their typed form. Kept together so the monitoring settings read as one block.
 */
import { z } from 'zod';
import type { DriftPolicy } from '../monitoring/drift-policy.js';
import { configDocs } from './config-docs.js';

const whole = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const decimal = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'expected a decimal number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

/** Validators, merged into loadConfig's schema. */
export const monitoringVariableSchema = {
  FACEGATE_FRR_LINK_WINDOW_SECONDS: whole(1, 86_400).default(600).register(configDocs, {
    description:
      'Online FRR: a denial of a user followed within this many seconds by a grant for the same user counts as a false reject.',
  }),
  FACEGATE_METRICS_MAX_ATTEMPTS: whole(1000, 1_000_000).default(100_000).register(configDocs, {
    description: '`GET /v1/metrics`: most attempts one window may hold (a larger window is refused with 422).',
  }),
  FACEGATE_DRIFT_CHECK_INTERVAL_SECONDS: whole(0, 7 * 86_400)
    .default(3600)
    .register(configDocs, {
      description:
        'Local stack: seconds between drift checks run by `npm start` (0 = off). In the cloud, Cloud Scheduler triggers the `drift` function.',
    }),
  FACEGATE_DRIFT_RECENT_HOURS: decimal(0.01, 24 * 90)
    .default(24)
    .register(configDocs, { description: 'Drift: length of the recent window, ending at the check, in hours.' }),
  FACEGATE_DRIFT_REFERENCE_HOURS: decimal(0.01, 24 * 365)
    .default(168)
    .register(configDocs, {
      description: 'Drift: length of the reference window, just before the recent one, in hours.',
    }),
  FACEGATE_DRIFT_MIN_SAMPLES: whole(5, 1_000_000).default(30).register(configDocs, {
    description: 'Drift: fewest captures per window (and per feature) for a comparison; fewer = insufficient data.',
  }),
  FACEGATE_DRIFT_MIN_TEMPLATES: whole(2, 1_000_000).default(10).register(configDocs, {
    description: 'Drift: fewest new templates per window for the template-centroid comparison.',
  }),
  FACEGATE_DRIFT_MAX_SAMPLES: whole(100, 1_000_000)
    .default(50_000)
    .register(configDocs, { description: 'Drift: most captures (and templates) read per window.' }),
  FACEGATE_DRIFT_PSI_WARNING: decimal(0.001, 10).default(0.1).register(configDocs, {
    description: 'Drift: population stability index at or above which a feature has moved (warning).',
  }),
  FACEGATE_DRIFT_PSI_ALERT: decimal(0.001, 10)
    .default(0.25)
    .register(configDocs, { description: 'Drift: population stability index at or above which the move is an alert.' }),
  FACEGATE_DRIFT_KS_ALPHA: decimal(1e-9, 0.5).default(0.01).register(configDocs, {
    description:
      'Drift: family-wise Kolmogorov–Smirnov significance (split over the features compared); a feature moves only when significant.',
  }),
  FACEGATE_DRIFT_KS_MIN_STATISTIC: decimal(0, 1).default(0.1).register(configDocs, {
    description: 'Drift: smallest Kolmogorov–Smirnov D that counts, so a tiny but significant shift is not reported.',
  }),
  FACEGATE_DRIFT_GENUINE_SCORE_SHIFT: decimal(0.001, 2).default(0.05).register(configDocs, {
    description: 'Drift: shift of the mean genuine (granted) score, in similarity units, that counts as a move.',
  }),
  FACEGATE_DRIFT_CENTROID_SHIFT: decimal(0.1, 1000).default(3).register(configDocs, {
    description:
      'Drift: distance between the template centroids of the two windows, in units of its sampling noise (about 1 when nothing changed), that counts as a move.',
  }),
};

type Parsed = { [K in keyof typeof monitoringVariableSchema]: z.output<(typeof monitoringVariableSchema)[K]> };

export interface MonitoringConfig {
  /** A grant for the same user this soon after a denial makes the denial a false reject (FRR estimate). */
  frrLinkWindowMs: number;
  /** Most attempts one `GET /v1/metrics` window may hold. */
  metricsMaxAttempts: number;
}

const HOUR_MS = 3_600_000;

export function monitoringConfig(v: Parsed): { monitoring: MonitoringConfig; drift: DriftPolicy } {
  return {
    monitoring: {
      frrLinkWindowMs: v.FACEGATE_FRR_LINK_WINDOW_SECONDS * 1000,
      metricsMaxAttempts: v.FACEGATE_METRICS_MAX_ATTEMPTS,
    },
    drift: {
      checkIntervalSeconds: v.FACEGATE_DRIFT_CHECK_INTERVAL_SECONDS,
      recentWindowMs: Math.round(v.FACEGATE_DRIFT_RECENT_HOURS * HOUR_MS),
      referenceWindowMs: Math.round(v.FACEGATE_DRIFT_REFERENCE_HOURS * HOUR_MS),
      minSamples: v.FACEGATE_DRIFT_MIN_SAMPLES,
      minTemplates: v.FACEGATE_DRIFT_MIN_TEMPLATES,
      maxSamples: v.FACEGATE_DRIFT_MAX_SAMPLES,
      psiWarning: v.FACEGATE_DRIFT_PSI_WARNING,
      psiAlert: v.FACEGATE_DRIFT_PSI_ALERT,
      ksAlpha: v.FACEGATE_DRIFT_KS_ALPHA,
      ksMinStatistic: v.FACEGATE_DRIFT_KS_MIN_STATISTIC,
      genuineScoreShift: v.FACEGATE_DRIFT_GENUINE_SCORE_SHIFT,
      centroidShift: v.FACEGATE_DRIFT_CENTROID_SHIFT,
    },
  };
}
