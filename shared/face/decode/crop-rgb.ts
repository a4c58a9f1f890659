import type { Box, Point, RgbImage } from '../types.js';

/** A sub-image plus where its top-left pixel sits in the image it was cut from (or padded from). */
export interface OffsetImage {
  image: RgbImage;
  /**
   * Position of the new image's origin in the source image's coordinates: a point `p` in the new image is
   * `{ x: p.x + offset.x, y: p.y + offset.y }` in the source. Negative after padding.
   */
  offset: Point;
}

/**
 * Copies the pixels of `box` out of `image`. The box is widened to whole pixels (floor of its top-left, ceiling of
 * its bottom-right) and clipped to the image, so a detector box that overhangs an edge still crops.
 *
 * @throws RangeError when the box does not overlap the image at all.
 */
export function cropRgb(image: RgbImage, box: Box): OffsetImage {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(image.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(image.height, Math.ceil(box.y + box.height));
  if (!(x1 > x0 && y1 > y0)) {
    throw new RangeError(`crop box ${JSON.stringify(box)} lies outside the ${image.width}x${image.height} image`);
  }
  const width = x1 - x0;
  const height = y1 - y0;
  const data = new Uint8Array(width * height * 3);
  const rowBytes = width * 3;
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * image.width + x0) * 3;
    data.set(image.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { image: { data, width, height }, offset: { x: x0, y: y0 } };
}
