import { createHash } from 'node:crypto';
import type { AcquisitionSummary } from './image-outcome.js';
import type { LatencyByStage } from '../../../../shared/eval/latency.js';
import type { VerificationMetrics } from './verification-metrics.js';

/** One dataset folder that contributed pairs. */
export interface DatasetSummary {
  name: string;
  path: string;
  fingerprint: string;
  /** Pairs in its pairs.txt, and how many this run used (fewer with --limit). */
  pairs_in_file: number;
  pairs_used: number;
  folds: number;
  missing_images: string[];
}

/** Everything about the run that is not a verification figure. */
export interface RunFacts {
  datasets: DatasetSummary[];
  fingerprint_method: string;
  embedder: string;
  model_version: string;
  dims: number;
  backend: string;
  min_face_fraction: number | null;
  limit: number | null;
  load_ms: { backend: number; models: number };
  duration_s: number;
  generated_at: string;
}

/** The content of metrics.json. */
export type EvaluationMetrics = {
  schema: 'facegate-eval-v1';
  /** Dataset name, `a+b` when several were pooled. */
  dataset: string;
  fingerprint: string;
  latency_ms: LatencyByStage;
} & RunFacts &
  AcquisitionSummary &
  VerificationMetrics;

/** One fingerprint for pooled datasets (the single dataset's own when there is one). */
export function combinedFingerprint(datasets: readonly { fingerprint: string }[]): string {
  const [first, ...others] = datasets;
  if (first !== undefined && others.length === 0) return first.fingerprint;
  const hash = createHash('sha256').update('facegate-pooled-v1\n');
  for (const d of datasets) hash.update(`${d.fingerprint}\n`);
  return `sha256:${hash.digest('hex')}`;
}

export function buildEvaluationMetrics(
  run: RunFacts,
  acquisition: AcquisitionSummary,
  latency: LatencyByStage,
  verification: VerificationMetrics,
): EvaluationMetrics {
  return {
    schema: 'facegate-eval-v1',
    dataset: run.datasets.map((d) => d.name).join('+'),
    fingerprint: combinedFingerprint(run.datasets),
    ...run,
    ...acquisition,
    latency_ms: latency,
    ...verification,
  };
}
