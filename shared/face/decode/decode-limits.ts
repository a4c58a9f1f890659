/** Bounds on what the decoder accepts; everything outside is refused before (or instead of) a full decode. */
export interface DecodeLimits {
  /** Largest encoded input, in bytes. Checked before anything else. */
  maxBytes: number;
  /** Largest width x height, read from the header so a decompression bomb never reaches the decoder. */
  maxPixels: number;
  /** Smallest accepted shorter side, in pixels (after EXIF orientation). */
  minSide: number;
  /**
   * Largest width x height of an interlaced (Adam7) PNG, which cannot be decoded row by row: libvips holds the whole
   * image, at up to 8 bytes a pixel. Default: `maxPixels`.
   */
  maxInterlacedPixels?: number;
  /**
   * Largest width x height of a JPEG. libjpeg decodes a JPEG at 1/2, 1/4 or 1/8 scale when the pipeline shrinks it
   * anyway (shrink-on-load), so a large camera photo costs little more than its downscaled size. Default: `maxPixels`.
   */
  maxJpegPixels?: number;
}

/**
 * Defaults sized for phone selfies and webcam frames: a 12 MP phone JPEG is 2-5 MB, so 10 MiB leaves headroom while
 * keeping uploads cheap; 50 MP covers current phone sensors; below 32 px there cannot be a usable face.
 */
export const DEFAULT_DECODE_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 50_000_000,
  minSide: 32,
});

/**
 * Limits for face work (verify, identify, enrollment), where one request must not stall the instance. A PNG or WebP
 * has no shrink-on-load: every pixel is decoded before the early downscale, so a 159 KB 7070x7070 PNG cost seconds
 * of CPU and hundreds of MB (issue 12, finding 8). 16 MP covers a 12 MP phone photo with room (4000x4000 PNG:
 * ~0.2 s CPU to decode and downscale here); larger photos are refused from the header alone (`image_too_large`).
 * Interlaced PNGs are held whole while decoding: 4 MP at most (a 2828x2828 16-bit RGBA one: ~0.3 s CPU, +70 MB).
 * A JPEG shrinks on load, so camera photos up to the general 50 MP limit stay accepted (a 36 MP 4912x7360 one is
 * in the `wild` set).
 */
export const FACE_WORK_DECODE_LIMITS: Readonly<
  Pick<DecodeLimits, 'maxPixels' | 'maxInterlacedPixels' | 'maxJpegPixels'>
> = Object.freeze({
  maxPixels: 16_000_000,
  maxInterlacedPixels: 4_000_000,
  maxJpegPixels: DEFAULT_DECODE_LIMITS.maxPixels,
});
