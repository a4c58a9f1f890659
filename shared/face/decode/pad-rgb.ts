import type { RgbImage } from '../types.js';
import type { OffsetImage } from './crop-rgb.js';

/** How the added border is filled: repeat the nearest edge pixel, or a constant RGB colour. */
export type PadFill = 'replicate' | readonly [r: number, g: number, b: number];

/**
 * Adds a border of `fraction` x width on the left and right and `fraction` x height on the top and bottom.
 * Detectors often miss faces that fill the whole frame (tight crops, 150x150 chips); giving them context fixes
 * that. Map a detection back with the returned offset (which is negative: the source starts inside the pad).
 */
export function padRgb(image: RgbImage, fraction: number, fill: PadFill = 'replicate'): OffsetImage {
  if (!(Number.isFinite(fraction) && fraction >= 0)) throw new RangeError('pad fraction must be a number >= 0');
  const padX = Math.round(image.width * fraction);
  const padY = Math.round(image.height * fraction);
  const width = image.width + 2 * padX;
  const height = image.height + 2 * padY;
  const data = new Uint8Array(width * height * 3);
  const rowBytes = width * 3;
  const srcRowBytes = image.width * 3;

  if (fill !== 'replicate') fillConstant(data, fill);
  for (let y = 0; y < image.height; y++) {
    const src = y * srcRowBytes;
    const dst = (y + padY) * rowBytes;
    data.set(image.data.subarray(src, src + srcRowBytes), dst + padX * 3);
    if (fill === 'replicate') {
      const firstPixel = image.data.subarray(src, src + 3);
      const lastPixel = image.data.subarray(src + srcRowBytes - 3, src + srcRowBytes);
      for (let x = 0; x < padX; x++) {
        data.set(firstPixel, dst + x * 3);
        data.set(lastPixel, dst + (padX + image.width + x) * 3);
      }
    }
  }
  if (fill === 'replicate') {
    const firstRow = padY * rowBytes;
    const lastRow = (padY + image.height - 1) * rowBytes;
    for (let y = 0; y < padY; y++) {
      data.copyWithin(y * rowBytes, firstRow, firstRow + rowBytes);
      data.copyWithin((padY + image.height + y) * rowBytes, lastRow, lastRow + rowBytes);
    }
  }
  // `0 - pad` rather than `-pad`: no -0 offsets when nothing was padded.
  return { image: { data, width, height }, offset: { x: 0 - padX, y: 0 - padY } };
}

function fillConstant(data: Uint8Array, [r, g, b]: readonly [number, number, number]): void {
  if (![r, g, b].every((c) => Number.isInteger(c) && c >= 0 && c <= 255)) {
    throw new RangeError('pad fill colour channels must be integers 0..255');
  }
  if (r === g && g === b) {
    data.fill(r);
    return;
  }
  for (let i = 0; i < data.length; i += 3) {
    data[i] = r;
    data[i + 1] = g;
    data[i + 2] = b;
  }
}
