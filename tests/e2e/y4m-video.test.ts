import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rgbToI420, writeY4m, y4mHeader } from './y4m-video.js';

/** A width x height image of one colour. */
const solid = (width: number, height: number, [r, g, b]: [number, number, number]) => {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < rgb.length; i += 3) rgb.set([r, g, b], i);
  return rgb;
};

describe('rgbToI420', () => {
  it('converts with BT.601 limited range (reference values for white, black and red)', () => {
    const planes = (colour: [number, number, number]) => {
      const out = rgbToI420(solid(2, 2, colour), 2, 2);
      return [out[0], out[4], out[5]];
    };
    expect(planes([255, 255, 255])).toEqual([235, 128, 128]);
    expect(planes([0, 0, 0])).toEqual([16, 128, 128]);
    expect(planes([255, 0, 0])).toEqual([81, 90, 240]);
  });

  it('lays out Y, then U, then V at a quarter size each, averaging each 2x2 block for chroma', () => {
    // Left column black, right column white: luma follows the pixels, chroma of a grey mix is neutral.
    const rgb = new Uint8Array([0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255]);
    expect(Array.from(rgbToI420(rgb, 2, 2))).toEqual([16, 235, 16, 235, 128, 128]);
  });

  it('refuses odd sizes and mismatched buffers with a clear error', () => {
    expect(() => rgbToI420(new Uint8Array(9), 3, 1)).toThrow(/even dimensions/);
    expect(() => rgbToI420(new Uint8Array(5), 2, 2)).toThrow(/expected 12 RGB bytes/);
  });
});

describe('writeY4m', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the header and every repeated frame', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'y4m-'));
    const file = path.join(dir, 'clip.y4m');
    const format = { width: 4, height: 2, fps: 10 };
    await writeY4m(file, format, [
      { rgb: solid(4, 2, [255, 255, 255]), frames: 2 },
      { rgb: solid(4, 2, [0, 0, 0]), frames: 1 },
    ]);
    const bytes = await readFile(file);
    const header = y4mHeader(format);
    expect(header).toBe('YUV4MPEG2 W4 H2 F10:1 Ip A1:1 C420jpeg\n');
    const frameBytes = 'FRAME\n'.length + 4 * 2 * 1.5;
    expect(bytes.length).toBe(header.length + 3 * frameBytes);
    expect(bytes.subarray(header.length, header.length + 6).toString()).toBe('FRAME\n');
    expect(bytes[header.length + 6]).toBe(235);
    expect(bytes[header.length + 2 * frameBytes + 6]).toBe(16);
  });

  it('gives each repeated frame its own sensor noise when asked', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'y4m-'));
    const file = path.join(dir, 'noisy.y4m');
    const format = { width: 16, height: 8, fps: 10 };
    await writeY4m(file, format, [{ rgb: solid(16, 8, [128, 128, 128]), frames: 2, sensorNoise: 3 }]);
    const bytes = await readFile(file);
    const start = y4mHeader(format).length + 6;
    const frameBytes = 6 + 16 * 8 * 1.5;
    const first = bytes.subarray(start, start + 16 * 8);
    const second = bytes.subarray(start + frameBytes, start + frameBytes + 16 * 8);
    expect(first.equals(second)).toBe(false);
    const mean = first.reduce((s, v) => s + v, 0) / first.length;
    expect(Math.abs(mean - 126)).toBeLessThan(3);
  });
});
