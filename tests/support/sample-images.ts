/**
 * Real photos for tests that must run without ../shared: the group photos that the pinned npm package
 * @vladmandic/face-api ships in demo/, and single faces cut out of them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { Box } from '../../shared/face/types.js';

const require = createRequire(import.meta.url);
const demoDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');

/** `sample1.jpg` .. `sample6.jpg`: 3-4 people each, 1920 px wide. */
export function samplePhoto(n: 1 | 2 | 3 | 4 | 5 | 6): Buffer {
  return readFileSync(join(demoDir, `sample${n}.jpg`));
}

/** A JPEG frame of `width` x `height` around `face`, the face taking `faceFraction` of the frame width. */
export async function frameAround(
  photo: Buffer,
  face: Box,
  width = 640,
  height = 480,
  faceFraction = 1 / 3,
): Promise<Buffer> {
  const img = sharp(photo).rotate();
  const meta = await sharp(await img.toBuffer()).metadata();
  const scale = (width * faceFraction) / face.width;
  const cx = (face.x + face.width / 2) * scale;
  const cy = (face.y + face.height / 2) * scale;
  const W = Math.round(meta.width * scale);
  const H = Math.round(meta.height * scale);
  const left = Math.round(Math.min(Math.max(0, cx - width / 2), Math.max(0, W - width)));
  const top = Math.round(Math.min(Math.max(0, cy - height / 2), Math.max(0, H - height)));
  return sharp(photo)
    .rotate()
    .resize(W, H)
    .extract({ left, top, width: Math.min(width, W - left), height: Math.min(height, H - top) })
    .jpeg({ quality: 90 })
    .toBuffer();
}
