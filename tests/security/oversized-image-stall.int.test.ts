/**
 * Finding 8 (issue 12): ten concurrent identifies with a 159 KB 7070x7070 PNG took ~2.5 s CPU each and doubled the
 * RSS: PNG has no shrink-on-load, so every pixel was decoded before the early downscale. Replayed against the real
 * face engine (real weights): such images are refused from the header alone, quickly, without the memory, while a
 * 12 MP phone photo still works. The API-side half (no body read before the key is checked) is in
 * scripts/lib/dev-http-server.test.ts.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, type LoadedFaceEngine } from '../../shared/face/create-face-engine.js';
import { ImageError } from '../../shared/face/errors.js';
import { samplePhoto } from '../support/sample-images.js';

let engine: LoadedFaceEngine;

beforeAll(async () => {
  engine = await createFaceEngine();
});

const flat = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 120, g: 90, b: 60 } } });

describe('one request cannot stall the instance with a huge image', () => {
  it.each([
    ['a 7070x7070 PNG', () => flat(7070, 7070).png({ compressionLevel: 9 }).toBuffer()],
    [
      'an interlaced 16-bit RGBA 3000x3000 PNG',
      () => flat(3000, 3000).ensureAlpha().toColourspace('rgb16').png({ progressive: true }).toBuffer(),
    ],
  ])('refuses %s ten times at once from its header, cheaply', async (_name, make) => {
    const bytes = await make();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const rss = process.memoryUsage().rss;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => engine.analyze(bytes)));
    const wallMs = performance.now() - started;
    const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu));
    loop.disable();
    const grewMb = (process.memoryUsage().rss - rss) / 1e6;
    console.log(
      `${_name} (${bytes.length} B) x10: ${wallMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU, ` +
        `event loop max delay ${(loop.max / 1e6).toFixed(0)} ms, RSS +${grewMb.toFixed(0)} MB`,
    );
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason as unknown;
      expect(reason).toBeInstanceOf(ImageError);
      expect(reason).toMatchObject({ code: 'image_too_large' });
    }
    // Before the fix: seconds of CPU per request and hundreds of MB; now header reads only.
    expect(cpuMs).toBeLessThan(500);
    expect(loop.max / 1e6).toBeLessThan(250);
    expect(grewMb).toBeLessThan(100);
  });

  it('still finds the face in a 12 MP (4000x3000) phone-sized photo', async () => {
    const photo = await sharp(samplePhoto(1)).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
    const analysis = await engine.analyze(photo);
    expect({ width: analysis.width, height: analysis.height }).toEqual({ width: 4000, height: 3000 });
    expect(analysis.faces.length).toBeGreaterThanOrEqual(1);
  });
});
