import type { StageTimings } from '../../../../shared/face/types.js';

/** Why an image gave no embedding; every one of these is a failure to acquire. */
export type AcquisitionFailure = 'missing_file' | 'undecodable' | 'no_face' | 'no_embedding' | 'engine_error';

/** What analysing one dataset image produced. */
export interface ImageOutcome {
  /** Display path: `<dataset>/<name>/<file>` for pooled runs, `<name>/<file>` otherwise. */
  path: string;
  /** Absolute file path, for thumbnails. */
  file: string;
  embedding?: Float32Array;
  failure?: AcquisitionFailure;
  /** Human-readable cause of the failure (the engine's message, the missing path…). */
  detail?: string;
  /** Present whenever the engine ran to completion on the image. */
  timings?: StageTimings;
  faces?: number;
}

export interface AcquisitionSummary {
  images: number;
  failure_to_acquire: number;
  failure_to_acquire_rate: number;
  failures_by_reason: Partial<Record<AcquisitionFailure, number>>;
  /** Every image that failed, sorted by path, so a run's failures can be diffed against another's. */
  failed_images: { path: string; reason: AcquisitionFailure; detail?: string }[];
}

export function summariseAcquisition(outcomes: Iterable<ImageOutcome>): AcquisitionSummary {
  let images = 0;
  let failed = 0;
  const byReason: Partial<Record<AcquisitionFailure, number>> = {};
  const failedImages: AcquisitionSummary['failed_images'] = [];
  for (const o of outcomes) {
    images++;
    if (o.embedding) continue;
    failed++;
    const reason = o.failure ?? 'no_embedding';
    byReason[reason] = (byReason[reason] ?? 0) + 1;
    failedImages.push({ path: o.path, reason, ...(o.detail ? { detail: o.detail } : {}) });
  }
  return {
    images,
    failure_to_acquire: failed,
    failure_to_acquire_rate: images === 0 ? 0 : failed / images,
    failures_by_reason: byReason,
    failed_images: failedImages.sort((x, y) => x.path.localeCompare(y.path)),
  };
}
