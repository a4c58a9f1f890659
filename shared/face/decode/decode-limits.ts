/** Bounds on what the decoder accepts; everything outside is refused before (or instead of) a full decode. */
export interface DecodeLimits {
  /** Largest encoded input, in bytes. Checked before anything else. */
  maxBytes: number;
  /** Largest width x height, read from the header so a decompression bomb never reaches the decoder. */
  maxPixels: number;
  /** Smallest accepted shorter side, in pixels (after EXIF orientation). */
  minSide: number;
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
