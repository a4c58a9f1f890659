import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../types.js';
import { cropRgb } from './crop-rgb.js';
import { padRgb } from './pad-rgb.js';
import { rgbToGray } from './rgb-to-gray.js';

/** Pixel (x, y) = (x, y, 200): positions survive copying and can be checked. */
function coordinateImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x, y, 200], (y * width + x) * 3);
  }
  return { data, width, height };
}

function pixel(image: RgbImage, x: number, y: number): number[] {
  const i = (y * image.width + x) * 3;
  return Array.from(image.data.subarray(i, i + 3));
}

describe('rgbToGray', () => {
  it('weights channels with BT.601 luma', () => {
    const image: RgbImage = {
      data: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 100, 100, 100]),
      width: 2,
      height: 2,
    };
    const gray = rgbToGray(image);
    expect(gray.width).toBe(2);
    expect(gray.height).toBe(2);
    expect(Array.from(gray.data)).toEqual([
      expect.closeTo(76.245, 3),
      expect.closeTo(149.685, 3),
      expect.closeTo(29.07, 3),
      expect.closeTo(100, 3),
    ]);
  });
});

describe('cropRgb', () => {
  it('copies the box and reports its top-left as the offset', () => {
    const { image, offset } = cropRgb(coordinateImage(20, 10), { x: 5, y: 2, width: 4, height: 3 });
    expect([image.width, image.height]).toEqual([4, 3]);
    expect(offset).toEqual({ x: 5, y: 2 });
    expect(pixel(image, 0, 0)).toEqual([5, 2, 200]);
    expect(pixel(image, 3, 2)).toEqual([8, 4, 200]);
  });

  it('widens fractional boxes to whole pixels and clips boxes that overhang the image', () => {
    const { image, offset } = cropRgb(coordinateImage(20, 10), { x: -3.5, y: 7.2, width: 6, height: 10 });
    expect(offset).toEqual({ x: 0, y: 7 });
    expect([image.width, image.height]).toEqual([3, 3]);
    expect(pixel(image, 2, 2)).toEqual([2, 9, 200]);
  });

  it('refuses a box entirely outside the image', () => {
    expect(() => cropRgb(coordinateImage(20, 10), { x: 25, y: 0, width: 5, height: 5 })).toThrow(RangeError);
  });
});

describe('padRgb', () => {
  it('replicates edge pixels into the border and maps coordinates back through the offset', () => {
    const source = coordinateImage(10, 20);
    const { image, offset } = padRgb(source, 0.2, 'replicate');
    expect([image.width, image.height]).toEqual([14, 28]);
    expect(offset).toEqual({ x: -2, y: -4 });
    // A point in the padded image maps to the source by adding the offset.
    expect(pixel(image, 5, 9)).toEqual(pixel(source, 5 + offset.x, 9 + offset.y));
    expect(pixel(image, 0, 0)).toEqual([0, 0, 200]);
    expect(pixel(image, 13, 0)).toEqual([9, 0, 200]);
    expect(pixel(image, 0, 27)).toEqual([0, 19, 200]);
    expect(pixel(image, 13, 27)).toEqual([9, 19, 200]);
    expect(pixel(image, 1, 10)).toEqual([0, 6, 200]);
  });

  it('fills the border with a constant colour', () => {
    const { image } = padRgb(coordinateImage(10, 10), 0.5, [10, 20, 30]);
    expect([image.width, image.height]).toEqual([20, 20]);
    expect(pixel(image, 0, 0)).toEqual([10, 20, 30]);
    expect(pixel(image, 19, 12)).toEqual([10, 20, 30]);
    expect(pixel(image, 5, 5)).toEqual([0, 0, 200]);
    expect(padRgb(coordinateImage(4, 4), 0.5, [7, 7, 7]).image.data[0]).toBe(7);
  });

  it('returns an unchanged copy for a zero fraction and rejects invalid arguments', () => {
    const source = coordinateImage(6, 4);
    const { image, offset } = padRgb(source, 0);
    expect(offset).toEqual({ x: 0, y: 0 });
    expect(image.data).toEqual(source.data);
    expect(() => padRgb(source, -0.1)).toThrow(RangeError);
    expect(() => padRgb(source, 0.1, [256, 0, 0])).toThrow(RangeError);
  });
});
