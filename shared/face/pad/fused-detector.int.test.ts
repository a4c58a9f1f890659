/** The fused detector as loaded from a manifest: real fr_liveness.onnx (vendored), a texture model file, the colour check. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelIntegrityError } from '../errors.js';
import type { ModelManifest } from '../models/model-manifest.js';
import type { Detection, RgbImage } from '../types.js';
import { FUSED_PAD_FORMAT, fuseScores, type FusedPadModelFile } from './fused-model-file.js';
import { FR_LIVENESS_CROP, OnnxLivenessModel } from './learned/onnx-liveness.js';
import { FR_LIVENESS_REF, FR_LIVENESS_SHA256, resolveModelRef } from './learned/vendored-models.js';
import { loadPadDetector } from './load-pad-detector.js';
import { PAD_MODEL_FORMAT } from './pad-model-file.js';
import { perturb } from './perturbations.js';
import { featureLength, type TextureFeatureSpec } from './texture-features.js';

const features: TextureFeatureSpec = {
  colourSpaces: ['gray'],
  operators: [{ points: 4, radius: 1, grid: 1 }],
  sqrt: false,
};
const dims = featureLength(features);
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

let dir: string;
const fusion = { learned: 0.5, texture: 0.7, bias: -0.2 };
async function manifestFor(fused: Partial<FusedPadModelFile> = {}): Promise<ModelManifest> {
  const texture = JSON.stringify({
    format: PAD_MODEL_FORMAT,
    version: 'tex-v1',
    crop: { size: 32, faceScale: 1 },
    features,
    classifier: { mean: Array(dims).fill(0), scale: Array(dims).fill(1), weights: Array(dims).fill(0.1), bias: -0.5 },
  });
  await writeFile(join(dir, 'tex-v1.json'), texture);
  const file: FusedPadModelFile = {
    format: FUSED_PAD_FORMAT,
    version: 'fused-test-v1',
    texture: { file: 'tex-v1.json', sha256: sha(texture) },
    learned: { model: FR_LIVENESS_REF, sha256: FR_LIVENESS_SHA256, crop: FR_LIVENESS_CROP },
    fusion,
    minChroma: 2,
    ...fused,
  };
  const text = JSON.stringify(file);
  await writeFile(join(dir, 'fused.json'), text);
  return {
    schemaVersion: 1,
    activeEmbedder: 'x',
    detector: { id: 'd', weights: { package: 'p', manifest: { path: 'm', sha256: '0' }, shards: [] } },
    embedders: {},
    pad: {
      active: 'fused-test-v1',
      models: {
        'fused-test-v1': { file: 'fused.json', sha256: sha(text), threshold: 0.6, target_bpcer: 0.01, evaluation: {} },
      },
    },
  };
}

/** A warm, textured colour "face" in the middle of a 320x240 frame. */
function colourFrame(): { image: RgbImage; face: Detection } {
  const w = 320;
  const h = 240;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      const t = ((x * 13 + y * 7) % 23) - 11;
      data[o] = 190 + t;
      data[o + 1] = 140 + t;
      data[o + 2] = 115 + t;
    }
  }
  const face: Detection = {
    box: { x: 120, y: 80, width: 80, height: 90 },
    score: 0.99,
    landmarks: [
      { x: 145, y: 110 },
      { x: 175, y: 110 },
      { x: 160, y: 128 },
      { x: 148, y: 148 },
      { x: 172, y: 148 },
    ],
  };
  return { image: { data, width: w, height: h }, face };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facegate-fused-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fused PAD detector', () => {
  it('combines the ONNX score and the texture score on their logits, and reports both', async () => {
    const detector = (await loadPadDetector(await manifestFor(), { modelsDir: dir }))!;
    expect(detector.modelVersion).toBe('fused-test-v1');
    const { image, face } = colourFrame();
    const result = await detector.assess(image, face);
    const learned = await (
      await OnnxLivenessModel.load(resolveModelRef(FR_LIVENESS_REF, dir), FR_LIVENESS_SHA256)
    ).score(image, face.box);
    expect(result.signals?.['learned']).toBeCloseTo(learned, 6);
    expect(result.score).toBeCloseTo(fuseScores(fusion, learned, result.signals!['texture']!), 9);
    expect(result.live).toBe(result.score >= 0.6);
    expect(result.tampered).toBeUndefined();
  });

  it('refuses a face without colour as tampered, without scoring it', async () => {
    const detector = (await loadPadDetector(await manifestFor(), { modelsDir: dir }))!;
    const { image, face } = colourFrame();
    const grey = await perturb(image, { kind: 'greyscale' }, 'k');
    const result = await detector.assess(grey, face);
    expect(result).toMatchObject({ live: false, score: 0, tampered: 'no_colour' });
    expect(result.signals?.['chroma']).toBeLessThan(2);
  });

  it('refuses an ONNX file whose sha256 is not the pinned one', async () => {
    const manifest = await manifestFor({
      learned: { model: FR_LIVENESS_REF, sha256: '0'.repeat(64), crop: FR_LIVENESS_CROP },
    });
    await expect(loadPadDetector(manifest, { modelsDir: dir })).rejects.toThrow(ModelIntegrityError);
  });
});
