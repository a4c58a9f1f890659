/**
 * Compares a recent window of capture observations (and enrolled templates) with a reference window, feature by
 * feature, and says which moved past the policy's thresholds. Pure: the use case reads the windows and stores
 * and publishes the result.
 */
import type { CaptureObservation } from '../domain/capture-observation.js';
import type { DriftSeverity, DriftStatus, FeatureDrift } from '../domain/drift-report.js';
import { kolmogorovSmirnov, mean, populationStabilityIndex } from './drift-statistics.js';
import { DRIFT_FEATURES, GENUINE_SCORE, TEMPLATE_CENTROID, type DriftPolicy } from './drift-policy.js';
import { centroidShift } from './template-centroid.js';

export interface DriftInputs {
  reference: readonly CaptureObservation[];
  recent: readonly CaptureObservation[];
  /** Embeddings of the templates created in each window. */
  referenceTemplates: readonly Float32Array[];
  recentTemplates: readonly Float32Array[];
}

export interface DriftAssessment {
  status: DriftStatus;
  severity: DriftSeverity | null;
  features: FeatureDrift[];
  moved: string[];
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * PSI and KS of one numeric sample pair, and whether the feature moved: the KS test must find the difference
 * significant at `alpha` (so sampling noise, which alone gives a PSI of about (bins − 1)(1/n + 1/m), is not
 * reported), and its size must reach the PSI warning or the minimum KS statistic.
 */
export function compareSamples(
  feature: string,
  reference: readonly number[],
  recent: readonly number[],
  policy: DriftPolicy,
  alpha = policy.ksAlpha,
): FeatureDrift {
  const psi = populationStabilityIndex(reference, recent);
  const ks = kolmogorovSmirnov(reference, recent);
  const referenceMean = mean(reference);
  const recentMean = mean(recent);
  const result: FeatureDrift = {
    feature,
    referenceCount: reference.length,
    recentCount: recent.length,
    psi: round(psi),
    ks: round(ks.statistic),
    ksPValue: ks.pValue,
    meanShift: round(recentMean - referenceMean),
    referenceMean: round(referenceMean),
    recentMean: round(recentMean),
    moved: false,
  };
  if (ks.pValue >= alpha) return result;
  if (psi >= policy.psiWarning) {
    const alert = psi >= policy.psiAlert;
    result.moved = true;
    result.severity = alert ? 'alert' : 'warning';
    result.trigger = { statistic: 'psi', value: round(psi), threshold: alert ? policy.psiAlert : policy.psiWarning };
  } else if (ks.statistic >= policy.ksMinStatistic) {
    result.moved = true;
    result.severity = 'warning';
    result.trigger = { statistic: 'ks', value: round(ks.statistic), threshold: policy.ksMinStatistic };
  }
  return result;
}

function values(
  observations: readonly CaptureObservation[],
  pick: (o: CaptureObservation) => number | undefined | null,
) {
  const out: number[] = [];
  for (const o of observations) {
    const v = pick(o);
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return out;
}

/** Judges every feature with enough data on both sides; the whole check needs `minSamples` captures per window. */
export function assessDrift(inputs: DriftInputs, policy: DriftPolicy): DriftAssessment {
  if (inputs.reference.length < policy.minSamples || inputs.recent.length < policy.minSamples) {
    return { status: 'insufficient', severity: null, features: [], moved: [] };
  }
  const genuine = (o: CaptureObservation) => (o.outcome === 'granted' ? o.score : null);
  const samples: [string, number[], number[]][] = [
    ...DRIFT_FEATURES.map((name): [string, number[], number[]] => [
      name,
      values(inputs.reference, (o) => o.features[name]),
      values(inputs.recent, (o) => o.features[name]),
    ]),
    [GENUINE_SCORE, values(inputs.reference, genuine), values(inputs.recent, genuine)],
  ];
  const compared = samples.filter(([, ref, rec]) => ref.length >= policy.minSamples && rec.length >= policy.minSamples);
  // Bonferroni: the chance that any of the features tested looks moved by chance alone stays below ksAlpha.
  const alpha = policy.ksAlpha / Math.max(1, compared.length);
  const features: FeatureDrift[] = [];
  for (const [name, ref, rec] of compared) {
    if (name !== GENUINE_SCORE) {
      features.push(compareSamples(name, ref, rec, policy, alpha));
      continue;
    }
    const scores = compareSamples(GENUINE_SCORE, ref, rec, policy, alpha);
    // Genuine scores sliding towards the threshold is what raises FRR: a mean shift alone is enough to report.
    if (!scores.moved && Math.abs(scores.meanShift!) >= policy.genuineScoreShift) {
      scores.moved = true;
      scores.severity = 'warning';
      scores.trigger = { statistic: 'mean_shift', value: scores.meanShift!, threshold: policy.genuineScoreShift };
    }
    features.push(scores);
  }

  if (inputs.referenceTemplates.length >= policy.minTemplates && inputs.recentTemplates.length >= policy.minTemplates) {
    const shift = centroidShift(inputs.referenceTemplates, inputs.recentTemplates);
    const moved = shift.standardized >= policy.centroidShift;
    features.push({
      feature: TEMPLATE_CENTROID,
      referenceCount: shift.referenceCount,
      recentCount: shift.recentCount,
      meanShift: round(shift.standardized),
      moved,
      ...(moved
        ? {
            severity: 'warning' as const,
            trigger: {
              statistic: 'mean_shift' as const,
              value: round(shift.standardized),
              threshold: policy.centroidShift,
            },
          }
        : {}),
    });
  }

  const movedFeatures = features.filter((f) => f.moved);
  const severity: DriftSeverity | null = movedFeatures.some((f) => f.severity === 'alert')
    ? 'alert'
    : movedFeatures.length > 0
      ? 'warning'
      : null;
  return {
    status: movedFeatures.length > 0 ? 'drift' : 'stable',
    severity,
    features,
    moved: movedFeatures.map((f) => f.feature),
  };
}
