/**
 * The variables of online metrics and drift monitoring: their documentation (part of `configVariables`), their
 * validation (part of `loadConfig`'s schema) and their typed form. Kept together so the monitoring settings read
 * as one block.
 */
import { z } from 'zod';
import type { ConfigVariable } from './config-variables.js';

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
  FACEGATE_FRR_LINK_WINDOW_SECONDS: whole(1, 86_400).default(600),
  FACEGATE_METRICS_MAX_ATTEMPTS: whole(1000, 1_000_000).default(100_000),
  FACEGATE_DRIFT_CHECK_INTERVAL_SECONDS: whole(0, 7 * 86_400).default(3600),
  FACEGATE_DRIFT_RECENT_HOURS: decimal(0.01, 24 * 90).default(24),
  FACEGATE_DRIFT_REFERENCE_HOURS: decimal(0.01, 24 * 365).default(168),
  FACEGATE_DRIFT_MIN_SAMPLES: whole(5, 1_000_000).default(30),
  FACEGATE_DRIFT_MIN_TEMPLATES: whole(2, 1_000_000).default(10),
  FACEGATE_DRIFT_MAX_SAMPLES: whole(100, 1_000_000).default(50_000),
  FACEGATE_DRIFT_PSI_WARNING: decimal(0.001, 10).default(0.1),
  FACEGATE_DRIFT_PSI_ALERT: decimal(0.001, 10).default(0.25),
  FACEGATE_DRIFT_KS_ALPHA: decimal(1e-9, 0.5).default(0.01),
  FACEGATE_DRIFT_KS_MIN_STATISTIC: decimal(0, 1).default(0.1),
  FACEGATE_DRIFT_GENUINE_SCORE_SHIFT: decimal(0.001, 2).default(0.05),
  FACEGATE_DRIFT_CENTROID_SHIFT: decimal(0.1, 1000).default(3),
};

type Parsed = { [K in keyof typeof monitoringVariableSchema]: z.output<(typeof monitoringVariableSchema)[K]> };

export interface MonitoringConfig {
  /** A grant for the same user this soon after a denial makes the denial a false reject (FRR estimate). */
  frrLinkWindowMs: number;
  /** Most attempts one `GET /v1/metrics` window may hold. */
  metricsMaxAttempts: number;
}

export interface DriftConfig {
  /** Local stack: how often `npm start` runs the drift check; 0 = never. */
  checkIntervalSeconds: number;
  recentWindowMs: number;
  referenceWindowMs: number;
  minSamples: number;
  minTemplates: number;
  maxSamples: number;
  psiWarning: number;
  psiAlert: number;
  ksAlpha: number;
  ksMinStatistic: number;
  genuineScoreShift: number;
  centroidShift: number;
}

const HOUR_MS = 3_600_000;

export function monitoringConfig(v: Parsed): { monitoring: MonitoringConfig; drift: DriftConfig } {
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

/** Documentation of the variables above, in the order the README lists them. */
export const monitoringVariables: readonly ConfigVariable[] = [
  {
    name: 'FACEGATE_FRR_LINK_WINDOW_SECONDS',
    default: '600',
    secret: false,
    description:
      'Online FRR: a denial of a user followed within this many seconds by a grant for the same user counts as a false reject.',
  },
  {
    name: 'FACEGATE_METRICS_MAX_ATTEMPTS',
    default: '100000',
    secret: false,
    description: '`GET /v1/metrics`: most attempts one window may hold (a larger window is refused with 422).',
  },
  {
    name: 'FACEGATE_DRIFT_CHECK_INTERVAL_SECONDS',
    default: '3600',
    secret: false,
    description:
      'Local stack: seconds between drift checks run by `npm start` (0 = off). In the cloud, Cloud Scheduler triggers the `drift` function.',
  },
  {
    name: 'FACEGATE_DRIFT_RECENT_HOURS',
    default: '24',
    secret: false,
    description: 'Drift: length of the recent window, ending at the check, in hours.',
  },
  {
    name: 'FACEGATE_DRIFT_REFERENCE_HOURS',
    default: '168',
    secret: false,
    description: 'Drift: length of the reference window, just before the recent one, in hours.',
  },
  {
    name: 'FACEGATE_DRIFT_MIN_SAMPLES',
    default: '30',
    secret: false,
    description: 'Drift: fewest captures per window (and per feature) for a comparison; fewer = insufficient data.',
  },
  {
    name: 'FACEGATE_DRIFT_MIN_TEMPLATES',
    default: '10',
    secret: false,
    description: 'Drift: fewest new templates per window for the template-centroid comparison.',
  },
  {
    name: 'FACEGATE_DRIFT_MAX_SAMPLES',
    default: '50000',
    secret: false,
    description: 'Drift: most captures (and templates) read per window.',
  },
  {
    name: 'FACEGATE_DRIFT_PSI_WARNING',
    default: '0.1',
    secret: false,
    description: 'Drift: population stability index at or above which a feature has moved (warning).',
  },
  {
    name: 'FACEGATE_DRIFT_PSI_ALERT',
    default: '0.25',
    secret: false,
    description: 'Drift: population stability index at or above which the move is an alert.',
  },
  {
    name: 'FACEGATE_DRIFT_KS_ALPHA',
    default: '0.01',
    secret: false,
    description:
      'Drift: family-wise Kolmogorov–Smirnov significance (split over the features compared); a feature moves only when significant.',
  },
  {
    name: 'FACEGATE_DRIFT_KS_MIN_STATISTIC',
    default: '0.1',
    secret: false,
    description: 'Drift: smallest Kolmogorov–Smirnov D that counts, so a tiny but significant shift is not reported.',
  },
  {
    name: 'FACEGATE_DRIFT_GENUINE_SCORE_SHIFT',
    default: '0.05',
    secret: false,
    description: 'Drift: shift of the mean genuine (granted) score, in similarity units, that counts as a move.',
  },
  {
    name: 'FACEGATE_DRIFT_CENTROID_SHIFT',
    default: '3',
    secret: false,
    description:
      'Drift: distance between the template centroids of the two windows, in units of its sampling noise (about 1 when nothing changed), that counts as a move.',
  },
];
