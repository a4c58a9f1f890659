import type { GrayImage } from '../decode/rgb-to-gray.js';

/**
 * Variance of the 4-neighbour Laplacian (kernel [0 1 0; 1 -4 1; 0 1 0], OpenCV's `Laplacian` with ksize 1) over
 * the interior of a luma image: the classic focus measure (Pech-Pacheco et al., 2000). Blur removes the high
 * frequencies the Laplacian responds to, so the variance falls. It also scales with contrast (a dim, flat face
 * reads lower), which is why exposure is checked separately. Returns 0 for images under 3x3.
 */
export function laplacianVariance(gray: GrayImage): number {
  const { data, width, height } = gray;
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let sumSquares = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
      const l = data[i - width]! + data[i + width]! + data[i - 1]! + data[i + 1]! - 4 * data[i]!;
      sum += l;
      sumSquares += l * l;
    }
  }
  const n = (width - 2) * (height - 2);
  const mean = sum / n;
  return Math.max(0, sumSquares / n - mean * mean);
}
