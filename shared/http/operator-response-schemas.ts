/**
 * The JSON of the operator console's reads (attempts, metrics, drift, alerts), as zod schemas: see
 * response-schemas.ts for how they are used. Imports nothing but zod.
 */
import { z } from 'zod';
import { instant, nextCursor } from './response-schemas.js';

const attemptLabel = z.enum(['genuine', 'impostor', 'fraud']);
const outcome = z.enum(['granted', 'denied', 'error']);
const numbers = z.record(z.string(), z.number());

export const attempt = z
  .object({
    id: z.string(),
    kind: z.enum(['verify', 'identify']),
    outcome,
    score: z.number().nullable().meta({ description: 'Best similarity found, when a face was compared.' }),
    threshold: z.number().nullable(),
    reason: z.string().nullable().meta({ description: 'Reason code of a denial or error.' }),
    latencyMs: z.number(),
    stageLatencies: numbers.nullable(),
    modelVersion: z.string().nullable(),
    userId: z.string().nullable(),
    username: z.string().nullable().meta({
      description: "The matched user's current username; null when none was matched or the user was erased.",
    }),
    claimedUsername: z.string().nullable(),
    clientIp: z.string().nullable(),
    createdAt: instant,
    quality: numbers.nullable().meta({
      description: 'Quality features of the capture (brightness, sharpness, faceSize, pose…), when a face was found.',
    }),
    livenessScore: z.number().nullable().meta({
      description: 'Presentation-attack detection score (0..1, higher = live), when PAD ran.',
    }),
    label: z
      .object({ label: attemptLabel, note: z.string().nullable(), labelledAt: instant })
      .nullable()
      .meta({ description: "The operator's verdict (POST /v1/attempts/{attemptId}/label)." }),
  })
  .meta({ id: 'Attempt' });

export const attemptList = z.object({ attempts: z.array(attempt), nextCursor }).meta({ id: 'AttemptList' });

export const percentiles = z
  .object({ p50: z.number(), p95: z.number(), p99: z.number() })
  .meta({ id: 'Percentiles', description: 'Milliseconds; linear interpolation between ranks.' });

export const outcomeCounts = z
  .object({ granted: z.number().int(), denied: z.number().int(), error: z.number().int() })
  .meta({ id: 'OutcomeCounts' });

const count = z.number().int();

export const thresholdCalibration = z
  .object({
    modelVersion: z.string(),
    threshold: z.number(),
    source: z.enum(['global', 'gallery']),
    targetFar: z.number(),
    users: count,
    minUsers: count,
    impostorScores: count,
    galleryThreshold: z.number().nullable(),
    globalThreshold: z.number(),
    floor: z.number(),
    estimatedFar: z.number(),
    farUpper95: z.number(),
  })
  .meta({
    description:
      "The threshold for this tenant's population: from its own gallery (every cross-user score of its enrolled templates is an impostor score) once it has `minUsers` users, never below `floor`; the pooled development calibration (`globalThreshold`) before that. `estimatedFar` is the share of the gallery's impostor scores at or above the threshold, `farUpper95` its one-sided 95% Clopper-Pearson bound.",
  });

export const metrics = z
  .object({
    from: instant,
    to: instant,
    bucketSeconds: z.number(),
    totals: z.object({
      attempts: count,
      outcomes: outcomeCounts,
      reasons: z.record(z.string(), count).meta({ description: 'Denials by reason.' }),
      throughputPerMinute: z.number(),
      latency: percentiles.nullable().meta({ description: 'p50/p95/p99 in milliseconds; null without attempts.' }),
      stages: z
        .record(z.string(), percentiles)
        .meta({ description: 'Per analysis stage: decode, detect, align, embed, total.' }),
      labels: z.object({ genuine: count, impostor: count, fraud: count }),
    }),
    buckets: z.array(
      z.object({
        start: instant,
        attempts: count,
        outcomes: outcomeCounts,
        throughputPerMinute: z.number(),
        latency: percentiles.nullable().meta({ description: 'p50/p95/p99 in milliseconds; null for an empty bucket.' }),
      }),
    ),
    scores: z
      .object({
        threshold: z.number(),
        binWidth: z.number(),
        bins: z.array(
          z.object({
            from: z.number(),
            to: z.number(),
            granted: count,
            denied: count,
            labelledGenuine: count,
            labelledImpostor: count,
          }),
        ),
      })
      .meta({
        description:
          'Histogram of the scores of compared attempts, split by decision and by operator label, with the current threshold.',
      }),
    frr: z
      .object({
        falseRejects: count,
        linkedRetries: count,
        labelledGenuine: count,
        genuineAttempts: count,
        estimate: z.number().nullable(),
        linkWindowSeconds: z.number(),
      })
      .meta({
        description:
          'False rejects = denials labelled genuine + unlabelled denials of a user followed by a grant for that user within linkWindowSeconds; estimate = falseRejects / genuineAttempts.',
      }),
    far: z
      .object({
        falseAccepts: count,
        impostorAttempts: count,
        presumedImpostors: count,
        grants: count,
        estimate: z.number().nullable(),
      })
      .meta({
        description:
          'False accepts = grants labelled impostor or fraud; impostorAttempts adds denials labelled impostor/fraud and presumed impostors (unlabelled no_match/ambiguous_match denials with no grant after them); estimate = falseAccepts / impostorAttempts.',
      }),
    calibration: thresholdCalibration.optional(),
  })
  .meta({
    id: 'Metrics',
    description: 'Online figures of the attempts in [from, to). docs/monitoring.md explains the estimates.',
  });

export const driftWindow = z
  .object({ start: instant, end: instant, count: count.meta({ description: 'Captures observed in the window.' }) })
  .meta({ id: 'DriftWindow' });

const driftSeverity = z.enum(['warning', 'alert']);

export const featureDrift = z
  .object({
    feature: z.string(),
    referenceCount: count,
    recentCount: count,
    psi: z.number().optional(),
    ks: z.number().optional(),
    ksPValue: z.number().optional(),
    meanShift: z.number().optional(),
    referenceMean: z.number().optional(),
    recentMean: z.number().optional(),
    moved: z.boolean(),
    severity: driftSeverity.optional(),
    trigger: z
      .object({ statistic: z.enum(['psi', 'ks', 'mean_shift']), value: z.number(), threshold: z.number() })
      .optional(),
  })
  .meta({
    id: 'FeatureDrift',
    description:
      'One feature: a quality feature, `genuineScore` (scores of granted attempts) or `templateCentroid` (meanShift = standardized centroid distance).',
  });

export const driftReport = z
  .object({
    id: z.string(),
    modelVersion: z.string(),
    status: z.enum(['stable', 'drift', 'insufficient']),
    severity: driftSeverity.nullable().meta({ description: 'Null unless something moved.' }),
    window: driftWindow,
    reference: driftWindow,
    moved: z.array(z.string()),
    features: z.array(featureDrift),
    createdAt: instant,
  })
  .meta({ id: 'DriftReport' });

export const driftReportList = z.object({ reports: z.array(driftReport), nextCursor }).meta({ id: 'DriftReportList' });

export const alertSeverity = z.enum(['low', 'medium', 'high', 'critical']);
export const alertDeliveryStatus = z.enum(['pending', 'delivered', 'undelivered', 'no_webhook']);

export const alert = z
  .object({
    alertId: z.string().meta({ description: 'Alert id' }),
    kind: z.string().meta({
      description:
        '`repeated_failures`, `account_locked`, `locked_account_attempt`, `spoof_suspected`, `duplicate_identity` or `identify_probing`.',
    }),
    severity: alertSeverity,
    userId: z.string().optional().meta({ description: 'User id' }),
    attemptIds: z.array(z.string()).meta({ description: 'Attempts behind the alert, oldest first.' }),
    summary: z.string(),
    createdAt: instant,
    status: alertDeliveryStatus.meta({
      description: 'Webhook delivery; `undelivered` alerts are kept and retried later.',
    }),
    deliveryAttempts: count.min(0),
    lastError: z.string().optional().meta({ description: 'Why the last delivery failed, e.g. `HTTP 500`.' }),
    triage: z
      .object({ summary: z.string(), severity: alertSeverity, model: z.string() })
      .optional()
      .meta({ description: "The optional triage model's reading (advice only)." }),
    acknowledgedAt: instant.optional().meta({
      description: 'When an operator acknowledged it (the first acknowledgement stands); absent while open.',
    }),
    acknowledgedBy: z.string().optional().meta({ description: 'The id of the operator key that acknowledged it.' }),
  })
  .meta({
    id: 'Alert',
    description: 'A recorded `security.alert.v1` incident and the state of its webhook delivery.',
  });

export const alertList = z.object({ alerts: z.array(alert), nextCursor }).meta({ id: 'AlertList' });
