import { itemAt } from '../../arrays/item-at.js';
import { LUMA_B, LUMA_G, LUMA_R } from '../decode/rgb-to-gray.js';
import type { GrayImage } from '../decode/rgb-to-gray.js';
import type { Box, RgbImage } from '../types.js';

/** Side of the square luma patch the quality metrics are measured on. */
export const PATCH_SIZE = 96;

/**
 * Luma of the face box (clipped to the image) resampled to a square patch, so sharpness and exposure do not
 * depend on the photo's resolution. Faces larger than `size` are shrunk by area averaging (each patch pixel is
 * the exact mean of the source area it covers, like OpenCV's INTER_AREA), so fine detail of a large face is
 * averaged rather than aliased into false "sharpness". Smaller faces are sampled at their own resolution (patch
 * side = the box's shorter side) rather than enlarged: enlarging would blur them and make every small face read
 * as "blurred", and face size has its own check.
 *
 * @throws RangeError when the box does not overlap the image.
 */
export function sampleLumaPatch(image: RgbImage, box: Box, size = PATCH_SIZE): GrayImage {
  const left = Math.max(0, box.x);
  const top = Math.max(0, box.y);
  const right = Math.min(image.width, box.x + box.width);
  const bottom = Math.min(image.height, box.y + box.height);
  if (!(right - left >= 1 && bottom - top >= 1)) {
    throw new RangeError(`face box ${JSON.stringify(box)} lies outside the ${image.width}x${image.height} image`);
  }
  const boxWidth = right - left;
  const boxHeight = bottom - top;
  const side = Math.max(1, Math.min(size, Math.floor(Math.min(boxWidth, boxHeight))));

  // Luma of the pixels the box touches, computed once; sampling below reads only this region.
  const rx0 = Math.floor(left);
  const ry0 = Math.floor(top);
  const rw = Math.ceil(right) - rx0;
  const rh = Math.ceil(bottom) - ry0;
  const region = new Float32Array(rw * rh);
  for (let y = 0; y < rh; y++) {
    let s = ((ry0 + y) * image.width + rx0) * 3;
    for (let x = 0, d = y * rw; x < rw; x++, d++, s += 3) {
      region[d] = LUMA_R * image.data[s]! + LUMA_G * image.data[s + 1]! + LUMA_B * image.data[s + 2]!;
    }
  }

  // Separable area averaging: along each row first, then down each column.
  const columns = areaWeights(left - rx0, boxWidth / side, side, rw);
  const rows = areaWeights(top - ry0, boxHeight / side, side, rh);
  const narrowed = new Float32Array(side * rh);
  for (let y = 0; y < rh; y++) {
    for (let i = 0; i < side; i++) narrowed[y * side + i] = columns.apply(region, y * rw, 1, i);
  }
  const data = new Float32Array(side * side);
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) data[j * side + i] = rows.apply(narrowed, i, side, j);
  }
  return { data, width: side, height: side };
}

/**
 * For each of `count` output samples along one axis, the source pixels its interval
 * [start + k·step, start + (k+1)·step) overlaps and the fraction of the interval each covers. `step` >= 1 here
 * because the patch is never larger than the box.
 */
function areaWeights(start: number, step: number, count: number, limit: number) {
  const first = new Int32Array(count);
  const weights: Float64Array[] = [];
  for (let k = 0; k < count; k++) {
    const a = start + k * step;
    const b = a + step;
    const from = Math.max(0, Math.floor(a));
    const to = Math.min(limit, Math.ceil(b));
    const w = new Float64Array(Math.max(1, to - from));
    let total = 0;
    for (let p = from; p < to; p++) {
      const overlap = Math.min(b, p + 1) - Math.max(a, p);
      w[p - from] = overlap;
      total += overlap;
    }
    for (let n = 0; n < w.length; n++) w[n] = total > 0 ? w[n]! / total : 1 / w.length;
    first[k] = Math.min(from, limit - 1);
    weights.push(w);
  }
  return {
    /** Weighted sum for output sample `k` of the line starting at `base` in `plane`, with element spacing `stride`. */
    apply(plane: Float32Array, base: number, stride: number, k: number): number {
      const w = itemAt(weights, k, 'output sample');
      let sum = 0;
      for (let n = 0, at = base + first[k]! * stride; n < w.length; n++, at += stride) sum += plane[at]! * w[n]!;
      return sum;
    },
  };
}
