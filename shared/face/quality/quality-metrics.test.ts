import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../decode/rgb-to-gray.js';
import { lumaStats } from './exposure.js';
import { PATCH_SIZE, sampleLumaPatch } from './face-patch.js';
import { laplacianVariance } from './sharpness.js';
import { smoothTexturedCapture, texturedCapture } from './test-factories.js';

function gray(width: number, height: number, values: number[]): GrayImage {
  return { data: Float32Array.from(values), width, height };
}

describe('laplacianVariance', () => {
  it('is zero on a flat image and on a linear ramp', () => {
    expect(laplacianVariance(gray(5, 5, new Array<number>(25).fill(90)))).toBe(0);
    expect(
      laplacianVariance(
        gray(
          5,
          5,
          Array.from({ length: 25 }, (_, i) => 10 * (i % 5)),
        ),
      ),
    ).toBeCloseTo(0, 9);
  });

  it('matches a hand computation on a single bright pixel', () => {
    // Interior 3x3 responses: -4 at the centre, 1 at its four neighbours, 0 at the corners -> mean 0, var 20/9.
    const values = new Array<number>(25).fill(0);
    values[12] = 1;
    expect(laplacianVariance(gray(5, 5, values))).toBeCloseTo(20 / 9, 9);
  });

  it('is zero for an image too small to have an interior', () => {
    expect(laplacianVariance(gray(2, 2, [0, 255, 255, 0]))).toBe(0);
  });
});

describe('lumaStats', () => {
  it('returns the mean and population standard deviation', () => {
    const stats = lumaStats(gray(2, 2, [10, 20, 30, 40]));
    expect(stats.mean).toBe(25);
    expect(stats.std).toBeCloseTo(Math.sqrt(125), 9);
  });
});

describe('sampleLumaPatch', () => {
  it('resamples a large face to the fixed patch size', () => {
    const box = { x: 50, y: 40, width: 300, height: 300 };
    const patch = sampleLumaPatch(texturedCapture(400, 400, box), box);
    expect([patch.width, patch.height]).toEqual([PATCH_SIZE, PATCH_SIZE]);
  });

  it('measures the same face drawn at two resolutions alike', () => {
    const small = { x: 40, y: 30, width: 150, height: 150 };
    const large = { x: 80, y: 60, width: 300, height: 300 };
    const a = sampleLumaPatch(smoothTexturedCapture(230, 210, small), small);
    const b = sampleLumaPatch(smoothTexturedCapture(460, 420, large), large);
    const sa = laplacianVariance(a);
    const sb = laplacianVariance(b);
    expect(sa).toBeGreaterThan(20);
    expect(Math.abs(sa - sb) / sa).toBeLessThan(0.1);
    expect(lumaStats(a).mean).toBeCloseTo(lumaStats(b).mean, 0);
    expect(Math.abs(lumaStats(a).std - lumaStats(b).std)).toBeLessThan(1);
  });

  it('averages fine detail of a large face instead of aliasing it', () => {
    // Pixel-level grain (std ~20) on a 480 px face: each patch pixel averages a 5x5 area, so the grain shrinks ~5x.
    const box = { x: 0, y: 0, width: 480, height: 480 };
    const image = texturedCapture(480, 480, box);
    const native = lumaStats(sampleLumaPatch(image, { x: 200, y: 200, width: 96, height: 96 }));
    const patch = sampleLumaPatch(image, box);
    const blockMean = (x: number, y: number) => {
      let sum = 0;
      for (let dy = 0; dy < 5; dy++)
        for (let dx = 0; dx < 5; dx++) sum += image.data[((5 * y + dy) * 480 + 5 * x + dx) * 3]!;
      return sum / 25;
    };
    for (const [x, y] of [
      [0, 0],
      [17, 60],
      [95, 95],
    ] as const) {
      expect(patch.data[y * 96 + x]).toBeCloseTo(blockMean(x, y), 3);
    }
    expect(lumaStats(patch).std).toBeLessThan(native.std);
  });

  it('samples a face smaller than the patch at its own resolution instead of enlarging it', () => {
    const box = { x: 10, y: 10, width: 50, height: 50 };
    const patch = sampleLumaPatch(texturedCapture(80, 80, box), box);
    expect([patch.width, patch.height]).toEqual([50, 50]);
  });

  it('clips a box that overhangs the image and refuses one entirely outside it', () => {
    const image = texturedCapture(100, 100, { x: 0, y: 0, width: 100, height: 100 });
    const patch = sampleLumaPatch(image, { x: 60, y: -20, width: 80, height: 80 });
    expect([patch.width, patch.height]).toEqual([40, 40]);
    expect(() => sampleLumaPatch(image, { x: 120, y: 0, width: 50, height: 50 })).toThrow(RangeError);
  });
});
