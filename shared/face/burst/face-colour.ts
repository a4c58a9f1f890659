/**
 * The mean colour of the middle of a face (cheeks, nose, forehead: skin, not hair or background), read with sharp
 * straight from the capture's bytes. Used by the light challenge, which looks for the screen's colour on the skin.
 */
import sharp from 'sharp';
import type { Box, RgbImage } from '../types.js';

export type Rgb = [number, number, number];

/** Share of the face box, centred, whose colour is averaged. */
const INNER = 0.5;

/** The central INNER share of `box`, clipped to a `width` x `height` image; null when almost nothing is left. */
function innerRegion(box: Box, width: number, height: number) {
  const left = Math.max(0, Math.round(box.x + (box.width * (1 - INNER)) / 2));
  const top = Math.max(0, Math.round(box.y + (box.height * (1 - INNER)) / 2));
  const right = Math.min(width, Math.round(box.x + (box.width * (1 + INNER)) / 2));
  const bottom = Math.min(height, Math.round(box.y + (box.height * (1 + INNER)) / 2));
  return right - left < 2 || bottom - top < 2 ? null : { left, top, width: right - left, height: bottom - top };
}

/** Mean RGB of the central half of `box` in a decoded image (synthetic evaluations work on pixels). */
export function meanColourOf(image: RgbImage, box: Box): Rgb | null {
  const region = innerRegion(box, image.width, image.height);
  if (!region) return null;
  const sum: Rgb = [0, 0, 0];
  for (let y = region.top; y < region.top + region.height; y++) {
    for (let x = region.left; x < region.left + region.width; x++) {
      const i = (y * image.width + x) * 3;
      sum[0] += image.data[i]!;
      sum[1] += image.data[i + 1]!;
      sum[2] += image.data[i + 2]!;
    }
  }
  const n = region.width * region.height;
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}

/**
 * Mean sRGB (0-255) of the central half of `box` (in the photo's own, EXIF-oriented pixels), or null when the box
 * falls outside the image.
 */
export async function meanFaceColour(bytes: Uint8Array, box: Box): Promise<Rgb | null> {
  const image = sharp(bytes, { failOn: 'error' }).rotate();
  const { width = 0, height = 0 } = await image.clone().metadata();
  // metadata() reports the stored orientation; EXIF orientations 5-8 swap the axes.
  const oriented = (await sharp(bytes).metadata()).orientation ?? 1;
  const [w, h] = oriented >= 5 ? [height, width] : [width, height];
  const region = innerRegion(box, w, h);
  if (!region) return null;
  // stats() would describe the input, not the extract: take the pixels themselves.
  const { data, info } = await image.extract(region).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels < 3) return null;
  const sum: Rgb = [0, 0, 0];
  for (let i = 0; i < data.length; i += info.channels) {
    sum[0] += data[i]!;
    sum[1] += data[i + 1]!;
    sum[2] += data[i + 2]!;
  }
  const n = data.length / info.channels;
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}
