import type { RgbImage } from '../types.js';

/** Single-channel luma image, row-major, values 0..255 as floats (no rounding, so filters keep precision). */
export interface GrayImage {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

/** ITU-R BT.601 luma weights, the convention of JPEG and of most face-quality literature. */
export const LUMA_R = 0.299;
export const LUMA_G = 0.587;
export const LUMA_B = 0.114;

/** Luma of every pixel of `image`. */
export function rgbToGray(image: RgbImage): GrayImage {
  const { data: rgb, width, height } = image;
  const data = new Float32Array(width * height);
  for (let i = 0, s = 0; i < data.length; i++, s += 3) {
    data[i] = LUMA_R * rgb[s]! + LUMA_G * rgb[s + 1]! + LUMA_B * rgb[s + 2]!;
  }
  return { data, width, height };
}
