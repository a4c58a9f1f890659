import { beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, type LoadedFaceEngine } from './create-face-engine.js';
import { UnknownModelVersionError } from './errors.js';
import { LazyFaceEngines } from './face-engines.js';
import { readModelManifest } from './models/model-manifest.js';
import { samplePhoto } from '../../tests/support/sample-images.js';

let base: LoadedFaceEngine;

beforeAll(async () => {
  base = await createFaceEngine({ embedder: 'frn128-flip-v1' });
});

describe('LazyFaceEngines', () => {
  it("serves the base engine for its own version and lists the manifest's versions and default", async () => {
    const manifest = readModelManifest();
    const engines = new LazyFaceEngines(base, manifest);
    expect(engines.defaultVersion).toBe(manifest.activeEmbedder);
    expect(engines.versions).toEqual(Object.keys(manifest.embedders));
    expect(await engines.get('frn128-flip-v1')).toBe(base);
  });

  it('loads another version once, on first use, with the same detections and its own embeddings', async () => {
    const engines = new LazyFaceEngines(base, readModelManifest());
    const [a, b] = await Promise.all([engines.get('frn128-v1'), engines.get('frn128-v1')]);
    expect(a).toBe(b);
    expect(a.modelVersion).toBe('frn128-v1');
    const photo = samplePhoto(6);
    const [plain, flipped] = await Promise.all([a.analyze(photo), base.analyze(photo)]);
    expect(plain.faces).toEqual(flipped.faces);
    const [x, y] = [plain.primary?.embedding, flipped.primary?.embedding];
    expect(x && y).toBeTruthy();
    // Same face, different model: close, but not the same vector.
    expect(a.similarity(x!, y!)).toBeGreaterThan(0.8);
    expect(a.similarity(x!, y!)).toBeLessThan(0.999);
  });

  it('refuses a version the manifest does not list', async () => {
    const engines = new LazyFaceEngines(base, readModelManifest());
    await expect(engines.get('frn999')).rejects.toBeInstanceOf(UnknownModelVersionError);
  });
});
