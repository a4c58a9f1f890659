/**
 * Does the face carry colour at all? A colour camera never delivers a face with no chroma; a capture that does was
 * converted to greyscale on the way, which is what an attacker does to take the colour-texture cues away. Measured
 * as the mean chroma distance sqrt((Cb-128)² + (Cr-128)²) over the face box, in 0..~180 (skin under any white
 * balance sits well above 4; a greyscale JPEG re-encoded stays below 1.5).
 */
import type { Box, RgbImage } from '../types.js';

export function meanChroma(image: RgbImage, box: Box): number {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(image.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(image.height, Math.ceil(box.y + box.height));
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0, o = (y * image.width + x0) * 3; x < x1; x++, o += 3) {
      const r = image.data[o]!;
      const g = image.data[o + 1]!;
      const b = image.data[o + 2]!;
      const cb = -0.168736 * r - 0.331264 * g + 0.5 * b;
      const cr = 0.5 * r - 0.418688 * g - 0.081312 * b;
      sum += Math.sqrt(cb * cb + cr * cr);
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

/** `ok` unless the face's mean chroma is below `minChroma`. */
export function colourCheck(image: RgbImage, box: Box, minChroma: number): { ok: boolean; chroma: number } {
  const chroma = meanChroma(image, box);
  return { ok: chroma >= minChroma, chroma };
}
