import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, type LoadedFaceEngine } from '../create-face-engine.js';
import { ImageError, UnknownModelVersionError } from '../errors.js';
import { readModelManifest } from '../models/model-manifest.js';
import { PooledFaceEngines } from './pooled-face-engines.js';
import { samplePhoto } from '../../../tests/support/sample-images.js';

let inProcess: LoadedFaceEngine;
let pooled: PooledFaceEngines;

beforeAll(async () => {
  [inProcess, pooled] = await Promise.all([
    createFaceEngine(),
    PooledFaceEngines.start({ threads: 2, manifest: readModelManifest() }),
  ]);
});

afterAll(async () => {
  await pooled?.close();
});

describe('PooledFaceEngines (worker threads running the real engine)', () => {
  it('gives the same faces, quality, liveness and embedding as the engine in this thread', async () => {
    const engine = await pooled.base();
    expect([engine.modelVersion, engine.dims, engine.metric]).toEqual([
      inProcess.modelVersion,
      inProcess.dims,
      inProcess.metric,
    ]);
    expect(engine.backend).toBe(inProcess.backend);
    const photo = samplePhoto(6);
    const [here, there] = await Promise.all([inProcess.analyze(photo), engine.analyze(photo)]);
    expect(there.faces).toEqual(here.faces);
    expect(there.primary?.quality).toEqual(here.primary?.quality);
    expect(there.primary?.liveness).toEqual(here.primary?.liveness);
    const [a, b] = [here.primary?.embedding, there.primary?.embedding];
    expect(b).toBeInstanceOf(Float32Array);
    expect(Array.from(b!)).toEqual(Array.from(a!));
    expect(engine.similarity(a!, b!)).toBeCloseTo(inProcess.similarity(a!, b!), 6);
  });

  it("leaves the caller's bytes usable (the worker gets its own copy)", async () => {
    const engine = await pooled.base();
    const photo = samplePhoto(6);
    const before = Buffer.from(photo).toString('base64');
    await engine.analyze(photo, { embed: false, liveness: false });
    expect(photo.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(photo).toString('base64')).toBe(before);
  });

  it('loads the models in every worker at start and answers concurrent analyses each for its own photo', async () => {
    const engine = await pooled.base();
    const photos = [samplePhoto(6), samplePhoto(1), samplePhoto(6), samplePhoto(1)];
    const results = await Promise.all(photos.map((p) => engine.analyze(p, { embed: false })));
    expect(results.map((r) => r.faces.length)).toEqual([results[0]!.faces.length, 3, results[0]!.faces.length, 3]);
    expect(pooled.threads).toBe(2);
    // Both workers loaded the models at start, in threads other than this one.
    expect(new Set(pooled.loadedIn).size).toBe(2);
    expect(pooled.loadedIn).not.toContain(threadId);
  });

  it('rethrows an undecodable image as the same typed ImageError', async () => {
    const engine = await pooled.base();
    const error = await engine.analyze(new TextEncoder().encode('not an image at all')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageError);
    expect((error as ImageError).code).toBe('not_an_image');
  });

  it('refuses a version the manifest does not list, and serves another listed version from the workers', async () => {
    await expect(pooled.get('frn999')).rejects.toBeInstanceOf(UnknownModelVersionError);
    const other = pooled.versions.find((v) => v !== pooled.defaultVersion);
    expect(other).toBeDefined();
    const engine = await pooled.get(other!);
    expect(engine.modelVersion).toBe(other);
    const analysis = await engine.analyze(samplePhoto(6));
    expect(analysis.primary?.embedding?.length).toBe(engine.dims);
  });
});
