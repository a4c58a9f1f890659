/**
 * A photo seen as a flat print turned and tilted in front of a pinhole camera: the exact perspective image of a
 * plane (a homography), resampled bilinearly. Used to synthesise print-attack bursts from one photo (tests and
 * `npm run eval:burst`); the result is what a perfectly flat print would give, so it shows what the geometric
 * check proves and no more (real prints bend).
 */
import type { RgbImage } from '../types.js';
import { applyHomography, homographyFrom4 } from './homography.js';

/**
 * The photo as a print turned `yawDeg` about its vertical centre line and `pitchDeg` about its horizontal one,
 * viewed from `distance` photo widths; the output has the photo's size, grey where the print does not cover it.
 */
export function tiltedPrint(photo: RgbImage, yawDeg: number, pitchDeg = 0, distance = 2.5): RgbImage {
  const { width: w, height: h } = photo;
  const [yaw, pitch] = [yawDeg, pitchDeg].map((d) => (d * Math.PI) / 180) as [number, number];
  const f = distance * w;
  const project = (x: number, y: number) => {
    const [cx, cy] = [x - w / 2, y - h / 2];
    const xr = cx * Math.cos(yaw);
    const zr = -cx * Math.sin(yaw);
    const yr = cy * Math.cos(pitch) - zr * Math.sin(pitch);
    const z = cy * Math.sin(pitch) + zr * Math.cos(pitch) + f;
    return { x: w / 2 + (f * xr) / z, y: h / 2 + (f * yr) / z };
  };
  const corners = [
    { x: 0, y: 0 },
    { x: w, y: 0 },
    { x: 0, y: h },
    { x: w, y: h },
  ];
  // Output pixel -> photo pixel.
  const back = homographyFrom4(
    corners.map((c) => project(c.x, c.y)),
    corners,
  );
  if (!back) throw new RangeError('degenerate tilt');
  const out = new Uint8Array(w * h * 3).fill(128);
  const src = photo.data;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = applyHomography(back, { x: x + 0.5, y: y + 0.5 });
      const sx = p.x - 0.5;
      const sy = p.y - 0.5;
      if (!(sx >= 0 && sy >= 0 && sx < w - 1 && sy < h - 1)) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const i = (y0 * w + x0) * 3 + c;
        const top = src[i]! * (1 - fx) + src[i + 3]! * fx;
        const bottom = src[i + w * 3]! * (1 - fx) + src[i + w * 3 + 3]! * fx;
        out[(y * w + x) * 3 + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { data: out, width: w, height: h };
}
