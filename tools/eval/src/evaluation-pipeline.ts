/**
 * The evaluation both `eval` and `calibrate` run: pool the datasets' pairs, analyse every distinct image once,
 * score the pairs, and compute the metrics document. Writing files is left to the callers.
 */
import { FINGERPRINT_METHOD, fingerprintDataset } from './metrics/dataset-fingerprint.js';
import type { ImageOutcome } from './metrics/image-outcome.js';
import { summariseAcquisition } from './metrics/image-outcome.js';
import { latencyByStage } from '../../../shared/eval/latency.js';
import { limitPairs } from './metrics/limit-pairs.js';
import type { DatasetSummary, EvaluationMetrics } from './metrics/metrics-document.js';
import { buildEvaluationMetrics } from './metrics/metrics-document.js';
import { scorePairs } from './metrics/score-pairs.js';
import type { VerificationAnalysis } from './metrics/verification-metrics.js';
import { computeVerificationMetrics } from './metrics/verification-metrics.js';
import type { FaceEngine } from '../../../shared/face/face-engine.js';
import { basename, dirname, join } from 'node:path';
import { galleryProbe, type GalleryProbeFigures, type IdentityPhotos } from './metrics/gallery-probe.js';
import { DEFAULT_MIN_USERS, type ThresholdPolicy } from '../../../shared/calibration/tenant-threshold.js';
import { analyseImages } from './analyse-images.js';
import { InputError } from '../../../scripts/lib/cli.js';
import type { LoadedDataset } from './load-dataset.js';
import type { Progress } from './progress.js';
import { repoRelative } from '../../../scripts/lib/repo-paths.js';

/** A pair of the pooled run. */
export interface PooledPair {
  /** `<index>` in pairs.txt, or `<dataset>:<index>` when datasets are pooled. */
  id: string;
  dataset: string;
  /** Fold across the pooled run: each dataset's folds are numbered after the previous dataset's. */
  fold: number;
  genuine: boolean;
  /** Absolute image paths (keys of the outcome map). */
  a: string;
  b: string;
  /** Image paths as shown in outputs. */
  aPath: string;
  bPath: string;
}

/** What an evaluation uses of the FaceEngine port. */
export type EvaluatedEngine = Pick<FaceEngine, 'modelVersion' | 'dims' | 'analyze' | 'similarity'>;

export interface EngineUnderTest {
  engine: EvaluatedEngine;
  embedder: string;
  backend: string;
  loadTimings: { backendMs: number; modelsMs: number };
}

export interface EvaluationRequest {
  targetFar: number;
  /** Threshold calibrated for `targetFar`, when the manifest has one; computed on the run otherwise. */
  calibratedThreshold?: number;
  /** Evaluate only this many pairs (balanced over folds and classes). */
  limit?: number;
  minFaceFraction?: number;
  /**
   * How the service would set a tenant's threshold for this version (shared/app/model-thresholds.ts); default: the
   * run's own threshold for every tenant size.
   */
  policy?: ThresholdPolicy;
  /** Templates per user in the gallery/probe protocol (default 1: one enrollment photo, as the service enrolls). */
  enrollPhotos?: number;
}

export interface EvaluationResult {
  metrics: EvaluationMetrics & { gallery_probe: Record<string, GalleryProbeFigures> };
  analysis: VerificationAnalysis;
  pairs: PooledPair[];
  outcomes: Map<string, ImageOutcome>;
}

export async function runEvaluation(
  datasets: readonly LoadedDataset[],
  subject: EngineUnderTest,
  request: EvaluationRequest,
  progress: Progress,
): Promise<EvaluationResult> {
  const started = performance.now();
  if (datasets.length === 0) throw new InputError('no dataset given');
  const names = datasets.map((d) => d.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new InputError(`two datasets are named "${duplicate}": pool folders with distinct names`);

  const pooled = datasets.length > 1;
  const pairs: PooledPair[] = [];
  const summaries: DatasetSummary[] = [];
  let foldOffset = 0;
  for (const d of datasets) {
    const used = request.limit === undefined ? d.pairs.pairs : limitPairs(d.pairs.pairs, request.limit);
    const shown = (rel: string): string => (pooled ? `${d.name}/${rel}` : rel);
    for (const p of used) {
      pairs.push({
        id: pooled ? `${d.name}:${p.index}` : String(p.index),
        dataset: d.name,
        fold: foldOffset + p.fold,
        genuine: p.genuine,
        a: join(d.dir, p.a),
        b: join(d.dir, p.b),
        aPath: shown(p.a),
        bPath: shown(p.b),
      });
    }
    // The fingerprint covers the whole dataset even on a --limit run: it names the data, not the sample.
    const fp = await fingerprintDataset(
      d.dir,
      d.pairsText,
      d.pairs.pairs.flatMap((p) => [p.a, p.b]),
    );
    summaries.push({
      name: d.name,
      path: repoRelative(d.dir),
      fingerprint: fp.fingerprint,
      pairs_in_file: d.pairs.pairs.length,
      pairs_used: used.length,
      folds: d.pairs.folds,
      missing_images: fp.missing,
    });
    foldOffset += d.pairs.folds;
  }

  const images = new Map<string, string>();
  for (const p of pairs) {
    images.set(p.a, p.aPath);
    images.set(p.b, p.bPath);
  }
  const options = request.minFaceFraction === undefined ? {} : { minFaceFraction: request.minFaceFraction };
  const outcomes = await analyseImages(
    subject.engine,
    [...images].map(([file, path]) => ({ file, path })),
    options,
    progress,
  );

  const scores = scorePairs(pairs, outcomes, (x, y) => subject.engine.similarity(x, y));
  const analysis = computeVerificationMetrics({
    pairs,
    scores,
    targetFar: request.targetFar,
    ...(request.calibratedThreshold === undefined ? {} : { calibratedThreshold: request.calibratedThreshold }),
  });
  const metrics = buildEvaluationMetrics(
    {
      datasets: summaries,
      fingerprint_method: FINGERPRINT_METHOD,
      embedder: subject.embedder,
      model_version: subject.engine.modelVersion,
      dims: subject.engine.dims,
      backend: subject.backend,
      min_face_fraction: request.minFaceFraction ?? null,
      limit: request.limit ?? null,
      load_ms: { backend: subject.loadTimings.backendMs, models: subject.loadTimings.modelsMs },
      duration_s: (performance.now() - started) / 1000,
      generated_at: new Date().toISOString(),
    },
    summariseAcquisition(outcomes.values()),
    latencyByStage(outcomes.values()),
    analysis.metrics,
  );
  const policy: ThresholdPolicy = request.policy ?? {
    targetFar: request.targetFar,
    global: analysis.metrics.threshold,
    floor: analysis.metrics.threshold,
    minUsers: DEFAULT_MIN_USERS,
  };
  const gallery: Record<string, GalleryProbeFigures> = {};
  for (const d of datasets) {
    gallery[d.name] = galleryProbe(
      identityPhotos(d.dir, outcomes),
      (x, y) => subject.engine.similarity(x, y),
      policy,
      request.enrollPhotos ?? 1,
    );
  }
  return { metrics: { ...metrics, gallery_probe: gallery }, analysis, pairs, outcomes };
}

/** The analysed images of one dataset folder, by identity (the image's folder), each in file-name order. */
function identityPhotos(dir: string, outcomes: ReadonlyMap<string, ImageOutcome>): IdentityPhotos[] {
  const byIdentity = new Map<string, [string, Float32Array | undefined][]>();
  for (const [file, outcome] of outcomes) {
    if (dirname(dirname(file)) !== dir) continue;
    const identity = basename(dirname(file));
    const list = byIdentity.get(identity) ?? [];
    list.push([basename(file), outcome.embedding]);
    byIdentity.set(identity, list);
  }
  return [...byIdentity]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([identity, photos]) => ({
      identity,
      embeddings: photos.sort(([a], [b]) => a.localeCompare(b)).map(([, e]) => e),
    }));
}
