import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelIntegrityError } from '../errors.js';
import type { ModelManifest, PadEntry } from '../models/model-manifest.js';
import type { Landmarks5, RgbImage } from '../types.js';
import { loadPadDetector } from './load-pad-detector.js';
import { PAD_MODEL_FORMAT, type PadModelFile } from './pad-model-file.js';
import { featureLength, type TextureFeatureSpec } from './texture-features.js';

// Grey LBP(4,1) over the whole chip: 4·3 + 3 = 15 features.
const features: TextureFeatureSpec = {
  colourSpaces: ['gray'],
  operators: [{ points: 4, radius: 1, grid: 1 }],
  sqrt: false,
};
const dims = featureLength(features);

function modelFile(overrides: Partial<PadModelFile> = {}): PadModelFile {
  return {
    format: PAD_MODEL_FORMAT,
    version: 'pad-test-v1',
    crop: { size: 32, faceScale: 1 },
    features,
    // Only the "all neighbours at least as bright" bin (flat skin) counts towards live.
    classifier: {
      mean: Array<number>(dims).fill(0),
      scale: Array<number>(dims).fill(1),
      weights: Array.from({ length: dims }, (_, i) => (i === 13 ? 8 : 0)),
      bias: -4,
    },
    ...overrides,
  };
}

function manifestWith(entry: PadEntry): ModelManifest {
  return {
    schemaVersion: 1,
    activeEmbedder: 'x',
    detector: { id: 'd', weights: { package: 'p', manifest: { path: 'm', sha256: '0' }, shards: [] } },
    embedders: {},
    pad: { active: 'pad-test-v1', models: { 'pad-test-v1': entry } },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facegate-pad-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeModel(model: PadModelFile): Promise<string> {
  const text = JSON.stringify(model);
  await writeFile(join(dir, 'pad-test-v1.json'), text);
  return createHash('sha256').update(text).digest('hex');
}

const entry = (sha256: string): PadEntry => ({
  file: 'pad-test-v1.json',
  sha256,
  threshold: 0.5,
  target_bpcer: 0.05,
  evaluation: {},
});

/** A 200x200 image: a flat grey square (the "face") with landmarks placed where the dlib template expects them. */
function flatFace(): { image: RgbImage; landmarks: Landmarks5 } {
  const image = { data: new Uint8Array(200 * 200 * 3).fill(128), width: 200, height: 200 };
  const landmarks: Landmarks5 = [
    { x: 75, y: 75 },
    { x: 125, y: 75 },
    { x: 100, y: 105 },
    { x: 78, y: 130 },
    { x: 122, y: 130 },
  ];
  return { image, landmarks };
}

describe('loadPadDetector', () => {
  it('loads a model whose sha256 matches and scores a face with it', async () => {
    const detector = await loadPadDetector(manifestWith(entry(await writeModel(modelFile()))), { modelsDir: dir });
    expect(detector?.modelVersion).toBe('pad-test-v1');
    const { image, landmarks } = flatFace();
    const result = await detector!.assess(image, { box: { x: 60, y: 60, width: 80, height: 90 }, score: 1, landmarks });
    // Flat: every pixel in bin 13 (all four bits set), so the score is sigmoid(8 - 4).
    expect(result.score).toBeCloseTo(1 / (1 + Math.exp(-4)), 5);
    expect(result).toMatchObject({ threshold: 0.5, live: true, modelVersion: 'pad-test-v1' });
  });

  it('refuses a file whose sha256 differs from the manifest', async () => {
    await writeModel(modelFile());
    await expect(loadPadDetector(manifestWith(entry('0'.repeat(64))), { modelsDir: dir })).rejects.toThrow(
      ModelIntegrityError,
    );
  });

  it('refuses a missing file, a classifier of the wrong size, and a version other than the entry', async () => {
    await expect(loadPadDetector(manifestWith(entry('0'.repeat(64))), { modelsDir: dir })).rejects.toThrow(
      /PAD model file missing/,
    );
    const bad = modelFile({ classifier: { mean: [0], scale: [1], weights: [1], bias: 0 } });
    await expect(loadPadDetector(manifestWith(entry(await writeModel(bad))), { modelsDir: dir })).rejects.toThrow(
      /15 dimensions but the classifier has 1 weights/,
    );
    const other = modelFile({ version: 'pad-other-v9' });
    await expect(loadPadDetector(manifestWith(entry(await writeModel(other))), { modelsDir: dir })).rejects.toThrow(
      /is version "pad-other-v9"/,
    );
  });

  it('gives no detector when the manifest has no PAD section, and names unknown ids', async () => {
    const { pad: _pad, ...bare } = manifestWith(entry('0'));
    expect(await loadPadDetector(bare, { modelsDir: dir })).toBeUndefined();
    await expect(loadPadDetector(manifestWith(entry('0')), { id: 'nope', modelsDir: dir })).rejects.toThrow(
      /Unknown PAD model "nope"; known: pad-test-v1/,
    );
  });
});
