import type { RgbImage } from '../types.js';
import { affineScale, invertAffine, type Affine } from './similarity-transform.js';

/**
 * Warp `image` into a `size` x `size` RGB chip with the forward matrix `toChip` (source -> chip), bilinear.
 * When the chip is much smaller than the face in the source, each chip pixel averages a k x k grid of bilinear
 * samples (k = source pixels per chip pixel, capped at 4) so the chip is not aliased. Outside the image is black,
 * as dlib's chip extraction does.
 */
export function warpAffine(image: RgbImage, toChip: Affine, size: number): Uint8Array {
  const inv = invertAffine(toChip);
  const srcPerDst = 1 / affineScale(toChip);
  const k = Math.max(1, Math.min(4, Math.round(srcPerDst)));
  const out = new Uint8Array(size * size * 3);
  const { data, width, height } = image;
  const [a, b, tx, c, d, ty] = inv;
  const acc: [r: number, g: number, b: number] = [0, 0, 0];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      acc[0] = acc[1] = acc[2] = 0;
      for (let sy = 0; sy < k; sy++) {
        const py = y + (sy + 0.5) / k - 0.5;
        for (let sx = 0; sx < k; sx++) {
          const px = x + (sx + 0.5) / k - 0.5;
          const u = a * px + b * py + tx;
          const v = c * px + d * py + ty;
          const x0 = Math.floor(u),
            y0 = Math.floor(v);
          const fx = u - x0,
            fy = v - y0;
          for (let ch = 0; ch < 3; ch++) {
            const p00 = sample(data, width, height, x0, y0, ch);
            const p10 = sample(data, width, height, x0 + 1, y0, ch);
            const p01 = sample(data, width, height, x0, y0 + 1, ch);
            const p11 = sample(data, width, height, x0 + 1, y0 + 1, ch);
            acc[ch]! += (p00 * (1 - fx) + p10 * fx) * (1 - fy) + (p01 * (1 - fx) + p11 * fx) * fy;
          }
        }
      }
      const o = (y * size + x) * 3;
      const n = k * k;
      out[o] = Math.round(acc[0] / n);
      out[o + 1] = Math.round(acc[1] / n);
      out[o + 2] = Math.round(acc[2] / n);
    }
  }
  return out;
}

function sample(data: Uint8Array, w: number, h: number, x: number, y: number, ch: number): number {
  if (x < 0 || y < 0 || x >= w || y >= h) return 0;
  return data[(y * w + x) * 3 + ch]!;
}
