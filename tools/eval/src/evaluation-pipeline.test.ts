import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageError } from '../../../shared/face/errors.js';
import type { AnalyzeOptions, FaceAnalysis } from '../../../shared/face/face-engine.js';
import type { QualityReport } from '../../../shared/face/quality/quality-report.js';
import type { Detection } from '../../../shared/face/types.js';
import { calibrationRecord } from './calibration-record.js';
import { InputError } from '../../../scripts/lib/cli.js';
import type { EngineUnderTest, EvaluatedEngine } from './evaluation-pipeline.js';
import { runEvaluation } from './evaluation-pipeline.js';
import { loadDataset } from './load-dataset.js';
import { silentProgress } from './progress.js';
import { writeEvaluationOutputs } from './write-evaluation-outputs.js';

const root = mkdtempSync(join(tmpdir(), 'facegate-eval-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A dataset of text files the fake engine understands: "face:<x>,<y>", "noface" or "garbage". */
function makeDataset(name: string, files: Record<string, string>, pairs: string): string {
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  writeFileSync(join(dir, 'pairs.txt'), pairs);
  return dir;
}

const detection: Detection = {
  box: { x: 0, y: 0, width: 10, height: 10 },
  score: 0.99,
  landmarks: [
    { x: 3, y: 3 },
    { x: 7, y: 3 },
    { x: 5, y: 5 },
    { x: 3, y: 7 },
    { x: 7, y: 7 },
  ],
};

const quality: QualityReport = {
  faceCount: 1,
  faceSize: 10,
  interOcular: 4,
  detectionScore: 0.99,
  sharpness: 100,
  brightness: 128,
  contrast: 40,
  yaw: 0,
  pitch: 0,
  roll: 0,
  failures: [],
};

/** Reads the embedding out of the file text; counts calls so the cache can be checked. */
class FakeEngine implements EvaluatedEngine {
  readonly modelVersion = 'fake-v1';
  readonly dims = 2;
  readonly calls: string[] = [];
  readonly options: AnalyzeOptions[] = [];

  analyze(bytes: Uint8Array, options: AnalyzeOptions = {}): Promise<FaceAnalysis> {
    const text = Buffer.from(bytes).toString('utf8');
    this.calls.push(text);
    this.options.push(options);
    if (text === 'garbage') return Promise.reject(new ImageError('not_an_image', 'not an image'));
    const timings = { decode: 1, detect: 10, align: 2, pad: 0, embed: 5, total: 18 };
    if (text === 'noface') return Promise.resolve({ width: 10, height: 10, faces: [], padded: false, timings });
    const embedding = Float32Array.from(text.slice('face:'.length).split(',').map(Number));
    return Promise.resolve({
      width: 10,
      height: 10,
      faces: [detection],
      padded: false,
      primary: { detection, quality, embedding },
      timings,
    });
  }

  similarity(a: Float32Array, b: Float32Array): number {
    return a[0]! * b[0]! + a[1]! * b[1]!;
  }
}

const subject = (engine: EvaluatedEngine): EngineUnderTest => ({
  engine,
  embedder: 'fake-v1',
  backend: 'none',
  loadTimings: { backendMs: 1, modelsMs: 2 },
});

const tiny = makeDataset(
  'tiny',
  {
    'A/A_0001.jpg': 'face:1,0',
    'A/A_0002.jpg': 'face:0.9,0.1',
    'A/A_0003.jpg': 'face:0.8,0.2',
    'B/B_0001.jpg': 'face:0,1',
    'B/B_0002.jpg': 'face:0.1,0.9',
    'N/N_0001.jpg': 'noface',
    'N/N_0002.jpg': 'garbage',
    // C/C_0001.jpg is referenced but missing.
  },
  ['1\t3', 'A\t1\t2', 'A\t1\t3', 'N\t1\t2', 'A\t1\tB\t1', 'A\t2\tC\t1', 'B\t2\tA\t3', ''].join('\n'),
);

describe('runEvaluation', () => {
  it('analyses each image once, counts failures to acquire and scores pairs as specified', async () => {
    const engine = new FakeEngine();
    const result = await runEvaluation([await loadDataset(tiny)], subject(engine), { targetFar: 1e-3 }, silentProgress);
    // 8 distinct images, C_0001 never reaches the engine.
    expect(engine.calls).toHaveLength(7);
    const m = result.metrics;
    expect(m).toMatchObject({
      dataset: 'tiny',
      pairs: 6,
      images: 8,
      failure_to_acquire: 3,
      failures_by_reason: { no_face: 1, undecodable: 1, missing_file: 1 },
      scored_pairs: 4,
      unscored_genuine_pairs: 1,
      unscored_impostor_pairs: 1,
      threshold_source: 'computed',
      model_version: 'fake-v1',
    });
    expect(m.failure_to_acquire_rate).toBeCloseTo(3 / 8, 12);
    expect(m.datasets[0]?.missing_images).toEqual(['C/C_0001.jpg']);
    expect(m.fingerprint).toMatch(/^sha256:/);
    // Genuine A1-A2 = 0.9, A1-A3 = 0.8; impostor A1-B1 = 0, B2-A3 = 0.26: the threshold is the lowest genuine score.
    expect(m.threshold).toBeCloseTo(0.8, 6);
    // The unscored genuine pair (N) is the only false reject.
    expect(m.frr_at_threshold).toBeCloseTo(1 / 3, 12);
    expect(m.far_at_threshold).toBe(0);
    expect(m.latency_ms.embed.n).toBe(5);
    expect(m.latency_ms.total.n).toBe(6);
  });

  it('turns a run into a calibration record, and refuses one that reused a manifest threshold', async () => {
    const fresh = await runEvaluation(
      [await loadDataset(tiny)],
      subject(new FakeEngine()),
      { targetFar: 1e-3 },
      silentProgress,
    );
    const record = calibrationRecord(fresh.metrics);
    expect(record.threshold).toBe(fresh.metrics.threshold);
    expect(record.resolvable).toBe(false);
    expect(record.evaluation).toMatchObject({
      fingerprint: fresh.metrics.fingerprint,
      model_version: 'fake-v1',
      target_far: 1e-3,
      far_resolvable: false,
      'tar_at_far_1e-3': fresh.metrics['tar_at_far_1e-3'],
    });
    const reused = await runEvaluation(
      [await loadDataset(tiny)],
      subject(new FakeEngine()),
      { targetFar: 1e-3, calibratedThreshold: 0.5 },
      silentProgress,
    );
    expect(() => calibrationRecord(reused.metrics)).toThrow(/computed its own threshold/);
  });

  it('passes --min-face through to the engine and keeps the manifest threshold when given', async () => {
    const engine = new FakeEngine();
    const result = await runEvaluation(
      [await loadDataset(tiny)],
      subject(engine),
      { targetFar: 1e-3, calibratedThreshold: 0.85, minFaceFraction: 0.2 },
      silentProgress,
    );
    expect(engine.options.every((o) => o.minFaceFraction === 0.2)).toBe(true);
    expect(result.metrics).toMatchObject({ threshold: 0.85, threshold_source: 'manifest', min_face_fraction: 0.2 });
    expect(result.metrics.frr_at_threshold).toBeCloseTo(2 / 3, 12);
  });

  it('pools datasets with distinct names, numbering folds and pair ids apart', async () => {
    const other = makeDataset(
      'other',
      { 'X/X_0001.jpg': 'face:1,0', 'X/X_0002.jpg': 'face:1,0', 'Y/Y_0001.jpg': 'face:0,1' },
      '1\t1\nX\t1\t2\nX\t1\tY\t1\n',
    );
    const result = await runEvaluation(
      [await loadDataset(tiny), await loadDataset(other)],
      subject(new FakeEngine()),
      { targetFar: 1e-3 },
      silentProgress,
    );
    expect(result.metrics.dataset).toBe('tiny+other');
    expect(result.pairs.map((p) => p.fold)).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    expect(result.pairs.at(-1)).toMatchObject({ id: 'other:1', aPath: 'other/X/X_0001.jpg' });
    expect(result.metrics.accuracy_cv_detail.cross_validated).toBe(true);
    await expect(
      runEvaluation(
        [await loadDataset(tiny), await loadDataset(tiny)],
        subject(new FakeEngine()),
        { targetFar: 1e-3 },
        silentProgress,
      ),
    ).rejects.toThrow(InputError);
  });

  it('writes metrics, report, scores and DVC plot files', async () => {
    const result = await runEvaluation(
      [await loadDataset(tiny)],
      subject(new FakeEngine()),
      { targetFar: 1e-3 },
      silentProgress,
    );
    const out = join(root, 'out');
    await writeEvaluationOutputs(result, out);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['auc', 'eer', 'threshold', 'tar_at_far_1e-3', 'accuracy_cv', 'latency_ms', 'scored_pairs']) {
      expect(metrics).toHaveProperty(key);
    }
    const csv = readFileSync(join(out, 'scores.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(7);
    expect(csv[3]).toBe('2,N/N_0001.jpg,N/N_0002.jpg,genuine,,false');
    const roc = JSON.parse(readFileSync(join(out, 'plots/roc.json'), 'utf8')) as { fpr: number; tpr: number }[];
    expect(roc[0]).toEqual({ fpr: 0, tpr: 0, threshold: null });
    expect(JSON.parse(readFileSync(join(out, 'plots/scores.json'), 'utf8'))).toHaveLength(4);
    expect(JSON.parse(readFileSync(join(out, 'plots/det.json'), 'utf8'))).toHaveLength(roc.length);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Failures to acquire (3 of 8 images)');
    expect(html).toContain('C/C_0001.jpg');
  });
});

describe('loadDataset', () => {
  it('says clearly when the folder or its pairs.txt is missing', async () => {
    await expect(loadDataset(join(root, 'nope'))).rejects.toThrow(/dataset folder not found/);
    mkdirSync(join(root, 'empty'));
    await expect(loadDataset(join(root, 'empty'))).rejects.toThrow(/no pairs\.txt in/);
  });
});
