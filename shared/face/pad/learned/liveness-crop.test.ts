import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../types.js';
import { livenessInput, livenessRegion } from './liveness-crop.js';

function image(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  return { data, width, height };
}

describe('livenessRegion', () => {
  it('squares the box on its height and enlarges it 2.7x about its centre', () => {
    const r = livenessRegion({ width: 2000, height: 2000 }, { x: 900, y: 900, width: 80, height: 100 }, 2.7);
    expect(r.width).toBeCloseTo(270);
    expect(r.height).toBeCloseTo(270);
    expect(r.x + r.width / 2).toBeCloseTo(940);
    expect(r.y + r.height / 2).toBeCloseTo(950);
  });

  it('shrinks the enlargement to fit the image and shifts the square inside it', () => {
    const r = livenessRegion({ width: 640, height: 480 }, { x: 10, y: 10, width: 200, height: 200 }, 2.7);
    expect(r.width).toBeCloseTo(479);
    expect(r.x).toBe(0);
    expect(r.y).toBe(0);
  });

  it('refuses an empty box', () => {
    expect(() => livenessRegion({ width: 10, height: 10 }, { x: 0, y: 0, width: 0, height: 5 }, 2.7)).toThrow(
      RangeError,
    );
  });
});

describe('livenessInput', () => {
  const red = image(400, 400, () => [200, 10, 30]);
  const box = { x: 150, y: 150, width: 100, height: 100 };

  it.each(['bilinear', 'area'] as const)('puts blue first in BGR order, NCHW, raw 0..255 (%s)', (resize) => {
    const t = livenessInput(red, box, { size: 16, scale: 2.7, channelOrder: 'bgr', resize });
    expect(t).toHaveLength(3 * 16 * 16);
    expect(t[0]).toBeCloseTo(30);
    expect(t[256]).toBeCloseTo(10);
    expect(t[512]).toBeCloseTo(200);
    const rgb = livenessInput(red, box, { size: 16, scale: 2.7, channelOrder: 'rgb', resize });
    expect(rgb[0]).toBeCloseTo(200);
  });

  it('area resizing averages what bilinear sampling would alias: a 1-pixel checkerboard becomes flat grey', () => {
    const board = image(400, 400, (x, y) => ((x + y) % 2 ? [255, 255, 255] : [0, 0, 0]));
    const spec = { size: 16, scale: 2.7, channelOrder: 'bgr' as const };
    const area = livenessInput(board, box, { ...spec, resize: 'area' });
    for (const v of area) expect(Math.abs(v - 127.5)).toBeLessThan(8);
    const bilinear = livenessInput(board, box, { ...spec, resize: 'bilinear' });
    expect(Math.max(...bilinear) - Math.min(...bilinear)).toBeGreaterThan(100);
  });
});
