import { farKey } from './metrics/far-threshold.js';
import type { EvaluationMetrics } from './metrics/metrics-document.js';

/** What a calibration stores in the manifest: the threshold and the figures of the data it was measured on. */
export interface CalibrationRecord {
  threshold: number;
  resolvable: boolean;
  evaluation: Record<string, unknown>;
}

/**
 * The calibrated threshold is the run's conservative threshold for the target FAR (metrics computed without a
 * manifest threshold, so `threshold` is that one); the evaluation entry keeps the headline figures and provenance.
 */
export function calibrationRecord(m: EvaluationMetrics): CalibrationRecord {
  if (m.threshold_source !== 'computed') {
    throw new Error('a calibration must come from a run that computed its own threshold');
  }
  const far = m.thresholds_at_far[farKey(m.target_far)];
  return {
    threshold: m.threshold,
    resolvable: far?.resolvable ?? false,
    evaluation: {
      date: m.generated_at,
      datasets: m.datasets.map((d) => ({ name: d.name, path: d.path, fingerprint: d.fingerprint })),
      fingerprint: m.fingerprint,
      model_version: m.model_version,
      backend: m.backend,
      min_face_fraction: m.min_face_fraction,
      target_far: m.target_far,
      threshold: m.threshold,
      far_at_threshold: m.far_at_threshold,
      frr_at_threshold: m.frr_at_threshold,
      far_resolvable: far?.resolvable ?? false,
      pairs: m.pairs,
      scored_pairs: m.scored_pairs,
      images: m.images,
      failure_to_acquire_rate: m.failure_to_acquire_rate,
      auc: m.auc,
      eer: m.eer,
      eer_threshold: m.eer_threshold,
      'tar_at_far_1e-2': m['tar_at_far_1e-2'],
      'tar_at_far_1e-3': m['tar_at_far_1e-3'],
      accuracy_cv: m.accuracy_cv,
      accuracy_cv_cross_validated: m.accuracy_cv_detail.cross_validated,
    },
  };
}
