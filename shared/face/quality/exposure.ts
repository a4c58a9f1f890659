import type { GrayImage } from '../decode/rgb-to-gray.js';

export interface LumaStats {
  /** Mean luma, 0..255. */
  mean: number;
  /** Population standard deviation of luma. */
  std: number;
}

/** Brightness (mean) and contrast (standard deviation) of a luma image. */
export function lumaStats(gray: GrayImage): LumaStats {
  const { data } = gray;
  if (data.length === 0) return { mean: 0, std: 0 };
  let sum = 0;
  let sumSquares = 0;
  for (const value of data) {
    sum += value;
    sumSquares += value * value;
  }
  const mean = sum / data.length;
  return { mean, std: Math.sqrt(Math.max(0, sumSquares / data.length - mean * mean)) };
}
