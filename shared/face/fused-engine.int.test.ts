import { beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, type LoadedFaceEngine } from './create-face-engine.js';
import { LazyFaceEngines } from './face-engines.js';
import { readModelManifest } from './models/model-manifest.js';
import { frameAround, samplePhoto } from '../../tests/support/sample-images.js';
import type { FaceEngine } from './face-engine.js';

let base: LoadedFaceEngine;
let engines: LazyFaceEngines;

beforeAll(async () => {
  base = await createFaceEngine({ embedder: 'frn128-flip-v1', pad: false });
  engines = new LazyFaceEngines(base, readModelManifest());
});

/** Two framings of one face of sample 6 and one framing of another face. */
async function threeFaces(): Promise<[Buffer, Buffer, Buffer]> {
  const photo = samplePhoto(6);
  const { faces } = await base.analyze(photo, { embed: false });
  expect(faces.length).toBeGreaterThanOrEqual(2);
  return [
    await frameAround(photo, faces[0]!.box, 640, 480, 1 / 3),
    await frameAround(photo, faces[0]!.box, 800, 600, 1 / 5),
    await frameAround(photo, faces[1]!.box, 640, 480, 1 / 3),
  ];
}

async function scores(engine: FaceEngine): Promise<{ same: number; other: number }> {
  const [a, b, c] = await threeFaces();
  const [ea, eb, ec] = await Promise.all([a, b, c].map((x) => engine.analyze(x)));
  const [va, vb, vc] = [ea, eb, ec].map((x) => x!.primary?.embedding);
  expect(va && vb && vc).toBeTruthy();
  expect(va!.length).toBe(engine.dims);
  return { same: engine.similarity(va!, vb!), other: engine.similarity(va!, vc!) };
}

describe('ONNX ArcFace and the fused engine on real photos', () => {
  it('arc512-v1 embeds with onnxruntime: unit vectors of 512, same face close, other face far', async () => {
    const arc = await engines.get('arc512-v1');
    expect(arc.dims).toBe(512);
    expect(arc.metric).toBe('cosine');
    const { same, other } = await scores(arc);
    expect(same).toBeGreaterThan(0.6);
    expect(other).toBeLessThan(0.3);
  });

  it('fused-frn-arc-v1 stores both vectors side by side and scores in impostor standard deviations', async () => {
    const fused = await engines.get('fused-frn-arc-v1');
    expect(fused.dims).toBe(640);
    expect(typeof fused.metric).toBe('object');
    const { same, other } = await scores(fused);
    const threshold = readModelManifest().embedders['fused-frn-arc-v1']!.thresholds['1e-3'];
    expect(threshold).toBeGreaterThan(2);
    expect(same).toBeGreaterThan(threshold!);
    expect(other).toBeLessThan(threshold! - 2);
  });
});
