/**
 * Colour channels of an RGB chip as float planes for texture analysis. Printed and replayed faces differ from skin
 * less in luminance texture than in chroma (gamut, ink, moiré): Boulkenafet, Komulainen and Hadid (2015) found LBP
 * on YCbCr and HSV channels far stronger than on grey levels.
 */
import type { Plane } from './lbp.js';

export type ColourSpace = 'gray' | 'ycbcr' | 'hsv';

/** The planes of each colour space, in this order: gray = [Y]; ycbcr = [Y, Cb, Cr]; hsv = [H, S, V]; 0..255 each. */
export function colourPlanes(rgb: Uint8Array, width: number, height: number, spaces: readonly ColourSpace[]): Plane[] {
  const n = width * height;
  if (rgb.length !== n * 3)
    throw new RangeError(`expected ${n * 3} RGB bytes for ${width}x${height}, got ${rgb.length}`);
  const planes: Plane[] = [];
  const make = () => new Float32Array(n);
  for (const space of spaces) {
    if (space === 'gray' || space === 'ycbcr') {
      const y = make();
      const cb = space === 'ycbcr' ? make() : undefined;
      const cr = space === 'ycbcr' ? make() : undefined;
      for (let i = 0, s = 0; i < n; i++, s += 3) {
        const r = rgb[s]!,
          g = rgb[s + 1]!,
          b = rgb[s + 2]!;
        // ITU-R BT.601 full range, as in JPEG.
        y[i] = 0.299 * r + 0.587 * g + 0.114 * b;
        if (cb && cr) {
          cb[i] = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
          cr[i] = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
        }
      }
      planes.push({ data: y, width, height });
      if (cb && cr) planes.push({ data: cb, width, height }, { data: cr, width, height });
    } else {
      const h = make(),
        sat = make(),
        v = make();
      for (let i = 0, s = 0; i < n; i++, s += 3) {
        const r = rgb[s]!,
          g = rgb[s + 1]!,
          b = rgb[s + 2]!;
        const max = Math.max(r, g, b);
        const delta = max - Math.min(r, g, b);
        let hue = 0;
        if (delta > 0) {
          if (max === r) hue = ((g - b) / delta + 6) % 6;
          else if (max === g) hue = (b - r) / delta + 2;
          else hue = (r - g) / delta + 4;
        }
        h[i] = (hue / 6) * 255;
        sat[i] = max === 0 ? 0 : (delta / max) * 255;
        v[i] = max;
      }
      planes.push({ data: h, width, height }, { data: sat, width, height }, { data: v, width, height });
    }
  }
  return planes;
}
