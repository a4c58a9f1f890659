/**
 * Untrusted bytes in, tightly packed sRGB pixels out — or a typed ImageError, never a raw libvips error.
 * Every check that can be made without decoding (size, magic bytes, header dimensions) is made first, so hostile
 * input costs almost nothing.
 */
import sharp from 'sharp';
import type { Metadata, OutputInfo, Sharp } from 'sharp';
import { ImageError } from '../errors.js';
import type { RgbImage } from '../types.js';
import { DEFAULT_DECODE_LIMITS } from './decode-limits.js';
import type { DecodeLimits } from './decode-limits.js';
import { sniffImageFormat } from './sniff-format.js';
import type { SupportedFormat } from './sniff-format.js';

/** Colour that transparent pixels are composited onto. */
export type FlattenBackground = 'white' | 'black';

export interface DecodeOptions extends Partial<DecodeLimits> {
  /**
   * Downscale (never upscale) so the longer side is at most this many pixels, inside the same libvips pipeline
   * (JPEG shrink-on-load makes this much faster than decoding at full size). Absent = full resolution.
   */
  maxSide?: number;
  /** Default 'white', like a browser showing a transparent PNG on a page. */
  background?: FlattenBackground;
}

export interface DecodedImage {
  image: RgbImage;
  format: SupportedFormat;
  /**
   * `image` size divided by the original (EXIF-oriented) size: 1 unless `maxSide` shrank the image.
   * Map a point back with `x / scale`, `y / scale`. Both axes use this factor; the rounding of the output size
   * adds at most half an output pixel of error.
   */
  scale: number;
  /** Size of the image as displayed, i.e. after EXIF orientation and before any downscale. */
  originalWidth: number;
  originalHeight: number;
}

/**
 * libvips' 'error' level aborts on truncated or corrupt pixel data but tolerates warnings, such as the
 * "extraneous bytes before marker" that many real phone JPEGs carry.
 */
const FAIL_ON = 'error';

const BACKGROUNDS: Record<FlattenBackground, { r: number; g: number; b: number }> = {
  white: { r: 255, g: 255, b: 255 },
  black: { r: 0, g: 0, b: 0 },
};

/**
 * Decodes a JPEG, PNG or WebP into 8-bit sRGB with EXIF orientation applied and alpha flattened.
 *
 * @throws ImageError `image_too_large` (bytes or header dimensions over the limits), `not_an_image`,
 *   `unsupported_format` (a recognised image format other than JPEG/PNG/WebP), `truncated_image` (truncated or
 *   corrupt data, including a corrupt header), `image_too_small` (shorter side under `minSide`).
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedImage> {
  const limits = resolveLimits(options);
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) {
    throw new ImageError('not_an_image', 'The upload is empty.');
  }
  if (bytes.byteLength > limits.maxBytes) {
    throw new ImageError('image_too_large', `The file is ${bytes.byteLength} bytes; the limit is ${limits.maxBytes}.`);
  }
  const sniffed = sniffImageFormat(bytes);
  if (sniffed.kind === 'unknown') {
    throw new ImageError('not_an_image', 'The data is not a JPEG, PNG or WebP image.');
  }
  if (sniffed.kind === 'unsupported') {
    throw new ImageError(
      'unsupported_format',
      `${sniffed.format.toUpperCase()} images are not accepted; use JPEG, PNG or WebP.`,
    );
  }
  const format = sniffed.format;

  const { width, height, hasAlpha } = await readHeader(bytes, format, limits);
  const scale = options.maxSide !== undefined ? Math.min(1, options.maxSide / Math.max(width, height)) : 1;
  const outWidth = Math.max(1, Math.round(width * scale));
  const outHeight = Math.max(1, Math.round(height * scale));
  if (Math.min(outWidth, outHeight) < limits.minSide) {
    // A sliver (e.g. 33x42000) would shrink to a 1-pixel-wide working image in which detection returns NaN boxes.
    throw new ImageError(
      'image_too_small',
      `The image is ${width}x${height}: too narrow for its length (at most ${options.maxSide ?? 0} px long, ${outWidth}x${outHeight} remain).`,
    );
  }

  let pipeline = open(bytes, pixelLimit(format, limits));
  if (hasAlpha) pipeline = pipeline.flatten({ background: BACKGROUNDS[options.background ?? 'white'] });
  if (scale < 1) pipeline = pipeline.resize(outWidth, outHeight, { fit: 'fill' });
  pipeline = pipeline.toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' });

  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw fromSharpError(error, format);
  }
  const image = toRgb(raw.data, raw.info.width, raw.info.height, raw.info.channels);
  return { image, format, scale, originalWidth: width, originalHeight: height };
}

function resolveLimits(options: DecodeOptions): Required<DecodeLimits> {
  const maxPixels = options.maxPixels ?? DEFAULT_DECODE_LIMITS.maxPixels;
  const limits: Required<DecodeLimits> = {
    maxBytes: options.maxBytes ?? DEFAULT_DECODE_LIMITS.maxBytes,
    maxPixels,
    minSide: options.minSide ?? DEFAULT_DECODE_LIMITS.minSide,
    maxInterlacedPixels: Math.min(options.maxInterlacedPixels ?? maxPixels, maxPixels),
    maxJpegPixels: options.maxJpegPixels ?? maxPixels,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`decode limit ${name} must be a positive number`);
  }
  if (options.maxSide !== undefined && !(Number.isFinite(options.maxSide) && options.maxSide >= 1)) {
    throw new RangeError('maxSide must be a number >= 1');
  }
  return limits;
}

/** The pixel limit of `format`: JPEGs shrink on load (decode-limits.ts), the other formats decode every pixel. */
function pixelLimit(format: SupportedFormat, limits: Required<DecodeLimits>): number {
  return format === 'jpeg' ? limits.maxJpegPixels : limits.maxPixels;
}

function open(bytes: Uint8Array, maxPixels: number): Sharp {
  return sharp(bytes, {
    failOn: FAIL_ON,
    // Second line of defence behind readHeader's own check.
    limitInputPixels: maxPixels,
    autoOrient: true,
    sequentialRead: true,
  });
}

/** Dimensions (after EXIF orientation) from the header alone; refuses bombs and slivers before any pixel decode. */
async function readHeader(
  bytes: Uint8Array,
  format: SupportedFormat,
  limits: Required<DecodeLimits>,
): Promise<{ width: number; height: number; hasAlpha: boolean }> {
  let meta: Metadata;
  try {
    // The pixel limit is enforced just below with a clearer message; reading a header decodes no pixels.
    meta = await sharp(bytes, { failOn: FAIL_ON, limitInputPixels: false }).metadata();
  } catch (error) {
    throw fromSharpError(error, format);
  }
  if (meta.format !== format) {
    // Magic bytes and libvips disagree: treat the data as damaged rather than trust either.
    throw new ImageError('truncated_image', `The data starts like ${format} but does not decode as one.`);
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) {
    throw new ImageError('truncated_image', `The ${format} header declares no dimensions.`);
  }
  const maxPixels = pixelLimit(format, limits);
  if (width * height > maxPixels) {
    throw new ImageError(
      'image_too_large',
      `The image is ${width}x${height} (${width * height} pixels); the limit is ${maxPixels}.`,
    );
  }
  if (format === 'png' && meta.isProgressive && width * height > limits.maxInterlacedPixels) {
    throw new ImageError(
      'image_too_large',
      `The image is an interlaced PNG of ${width}x${height} (${width * height} pixels); interlaced PNGs are limited to ${limits.maxInterlacedPixels}. Save it without interlacing, or as JPEG.`,
    );
  }
  if (Math.min(width, height) < limits.minSide) {
    throw new ImageError(
      'image_too_small',
      `The image is ${width}x${height}; each side must be at least ${limits.minSide} px.`,
    );
  }
  return { width, height, hasAlpha: meta.hasAlpha === true };
}

function fromSharpError(error: unknown, format: SupportedFormat): ImageError {
  if (error instanceof ImageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) {
    return new ImageError('image_too_large', 'The image dimensions exceed the pixel limit.', { cause: error });
  }
  // The magic bytes were right, so any other decoder failure means damaged data: cut short or corrupted.
  const detail = message.split('\n')[0];
  return new ImageError('truncated_image', `The ${format} data is truncated or corrupt (${detail}).`, { cause: error });
}

/**
 * Packs the decoder output as 3-channel RGB. libvips already returns 3 channels after `toColourspace('srgb')`,
 * but grey JPEGs have come back with 1 channel in some sharp versions, so 1, 2 (grey+alpha) and 4 are handled too.
 */
function toRgb(buffer: Buffer, width: number, height: number, channels: number): RgbImage {
  const source = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (channels === 3) return { data: source, width, height };
  if (channels < 1 || channels > 4) {
    throw new ImageError('unsupported_format', `The image decodes to ${channels} channels.`);
  }
  const pixels = width * height;
  const data = new Uint8Array(pixels * 3);
  const grey = channels <= 2;
  for (let i = 0, s = 0, d = 0; i < pixels; i++, s += channels, d += 3) {
    const r = source[s]!;
    data[d] = r;
    data[d + 1] = grey ? r : source[s + 1]!;
    data[d + 2] = grey ? r : source[s + 2]!;
  }
  return { data, width, height };
}
