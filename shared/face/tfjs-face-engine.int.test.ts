import { assert, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createFaceEngine, type LoadedFaceEngine } from './create-face-engine.js';
import { tf } from './runtime/tf.js';
import { ImageError, ModelIntegrityError } from './errors.js';
import { readModelManifest } from './models/model-manifest.js';
import { frameAround, samplePhoto } from '../../tests/support/sample-images.js';

let engine: LoadedFaceEngine;
/** The default version's calibrated 1e-3 threshold: scores are on each version's own scale. */
let sameLine: number;

beforeAll(async () => {
  engine = await createFaceEngine();
  const threshold = readModelManifest().embedders[engine.modelVersion]?.thresholds['1e-3'];
  assert.isDefined(threshold, `a calibrated threshold for ${engine.modelVersion}`);
  sameLine = threshold;
});

async function faceFrames(photo: 1 | 2 | 3 | 4 | 5 | 6) {
  const bytes = samplePhoto(photo);
  const a = await engine.analyze(bytes, { embed: false });
  return Promise.all(a.faces.map((f) => frameAround(bytes, f.box)));
}

describe('TfjsFaceEngine on real photos', () => {
  it('finds every face of a group photo, largest first, and flags multiple faces', async () => {
    const a = await engine.analyze(samplePhoto(1));
    expect(a.faces.length).toBe(3);
    const areas = a.faces.map((f) => f.box.width * f.box.height);
    expect([...areas].sort((x, y) => y - x)).toEqual(areas);
    expect(a.primary?.quality.failures).toContain('multiple_faces');
    expect(a.primary?.embedding?.length).toBe(engine.dims);
  });

  it('scores the same face, re-photographed, above the same-person line and other people below it', async () => {
    const frames = await faceFrames(6);
    expect(frames.length).toBeGreaterThanOrEqual(3);
    const [first, second] = frames;
    assert.isDefined(first, 'a first face frame');
    assert.isDefined(second, 'a second face frame');
    // Same person: darker, slightly rotated, smaller and recompressed.
    const altered = await sharp(first)
      .rotate(6, { background: '#808080' })
      .modulate({ brightness: 0.75 })
      .resize(480)
      .jpeg({ quality: 70 })
      .toBuffer();
    const a = await engine.analyze(first);
    const b = await engine.analyze(altered);
    const c = await engine.analyze(second);
    expect(a.faces.length).toBe(1);
    const same = engine.similarity(a.primary!.embedding!, b.primary!.embedding!);
    const other = engine.similarity(a.primary!.embedding!, c.primary!.embedding!);
    expect(same).toBeGreaterThan(sameLine);
    expect(other).toBeLessThan(sameLine);
    expect(same).toBeGreaterThan(other + 0.1);
  });

  it('finds the face in a tight crop by retrying with margins', async () => {
    const bytes = samplePhoto(2);
    const a = await engine.analyze(bytes, { embed: false });
    const box = a.faces[0]!.box;
    const tight = await sharp(bytes)
      .rotate()
      .extract({
        left: Math.round(box.x + box.width * 0.1),
        top: Math.round(box.y + box.height * 0.1),
        width: Math.round(box.width * 0.8),
        height: Math.round(box.height * 0.8),
      })
      .resize(150, 150)
      .jpeg()
      .toBuffer();
    const r = await engine.analyze(tight);
    expect(r.primary).toBeDefined();
    expect(r.padded).toBe(true);
  });

  it('reports no face, not an error, for a photo without one', async () => {
    const noise = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#6a8caf' } })
      .jpeg()
      .toBuffer();
    const r = await engine.analyze(noise);
    expect(r.faces).toEqual([]);
    expect(r.primary).toBeUndefined();
  });

  it('refuses bytes that are not an image with a typed error', async () => {
    await expect(engine.analyze(new TextEncoder().encode('<html>not a photo</html>'))).rejects.toBeInstanceOf(
      ImageError,
    );
  });

  it('leaks no tensors across a full detect + embed call', async () => {
    const bytes = samplePhoto(3);
    await engine.analyze(bytes); // warm-up: lazily created kernels and weights are not leaks
    const before = tf.memory().numTensors;
    await engine.analyze(bytes);
    await engine.analyze((await faceFrames(2))[0]!);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('times every stage', async () => {
    const r = await engine.analyze((await faceFrames(4))[0]!);
    for (const k of ['decode', 'detect', 'align', 'pad', 'embed', 'total'] as const) {
      expect(r.timings[k]).toBeGreaterThan(0);
    }
    expect(r.timings.total).toBeGreaterThanOrEqual(r.timings.detect + (r.timings.pad ?? 0) + r.timings.embed);
  });

  it("judges the primary face with the manifest's PAD model unless asked not to", async () => {
    const entry = readModelManifest().pad?.models[readModelManifest().pad?.active ?? ''];
    assert.isDefined(entry, 'models/manifest.json names an active PAD model');
    const frames = await faceFrames(6);
    for (const frame of frames.slice(0, 3)) {
      const { liveness } = (await engine.analyze(frame, { embed: false })).primary ?? {};
      assert.isDefined(liveness, 'a liveness result for the primary face');
      expect(liveness.modelVersion).toBe(readModelManifest().pad?.active);
      expect(liveness.threshold).toBe(entry.threshold);
      expect(liveness.score).toBeGreaterThanOrEqual(0);
      expect(liveness.score).toBeLessThanOrEqual(1);
      expect(liveness.live).toBe(liveness.score >= liveness.threshold);
    }
    const off = await engine.analyze(frames[0]!, { liveness: false });
    expect(off.primary?.liveness).toBeUndefined();
    expect(off.timings.pad).toBe(0);
  });
});

describe('model integrity', () => {
  it('refuses weights whose sha256 differs from the manifest', async () => {
    const manifest = readModelManifest();
    const tampered = structuredClone(manifest);
    tampered.detector.weights.shards[0]!.sha256 = '0'.repeat(64);
    await expect(createFaceEngine({ manifest: tampered })).rejects.toBeInstanceOf(ModelIntegrityError);
  });

  it('refuses a PAD model file whose sha256 differs from the manifest', async () => {
    const tampered = structuredClone(readModelManifest());
    const pad = tampered.pad!;
    pad.models[pad.active]!.sha256 = '0'.repeat(64);
    await expect(createFaceEngine({ manifest: tampered })).rejects.toBeInstanceOf(ModelIntegrityError);
    // Without PAD the same manifest loads, and reports no liveness.
    const plain = await createFaceEngine({ manifest: tampered, pad: false });
    const a = await plain.analyze((await faceFrames(4))[0]!, { embed: false });
    expect(a.primary).toBeDefined();
    expect(a.primary?.liveness).toBeUndefined();
  });
});
