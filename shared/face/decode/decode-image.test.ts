import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageError } from '../errors.js';
import type { ImageErrorCode } from '../errors.js';
import { decodeImage } from './decode-image.js';
import { DEFAULT_DECODE_LIMITS, FACE_WORK_DECODE_LIMITS } from './decode-limits.js';

/** A w x h RGB pattern whose pixel (x, y) is (x mod 256, y mod 256, 77): every position is recognisable. */
function pattern(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = x % 256;
      data[i + 1] = y % 256;
      data[i + 2] = 77;
    }
  }
  return data;
}

function encoder(width: number, height: number) {
  return sharp(pattern(width, height), { raw: { width, height, channels: 3 } });
}

async function expectImageError(promise: Promise<unknown>, code: ImageErrorCode): Promise<ImageError> {
  const error = await promise.then(
    () => expect.fail(`expected ImageError ${code}, but decoding succeeded`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageError);
  expect((error as ImageError).code).toBe(code);
  return error as ImageError;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A structurally valid PNG whose IHDR declares `width` x `height`, with the given (compressed) pixel stream. */
function pngWithHeader(width: number, height: number, bitDepth: number, colourType: number, idat: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('decodeImage: accepted formats', () => {
  it.each([
    ['jpeg', () => encoder(120, 90).jpeg({ quality: 95 }).toBuffer()],
    ['png', () => encoder(120, 90).png().toBuffer()],
    ['webp', () => encoder(120, 90).webp({ quality: 95 }).toBuffer()],
  ] as const)('decodes %s to tightly packed RGB', async (format, encode) => {
    const decoded = await decodeImage(await encode());
    expect(decoded.format).toBe(format);
    expect(decoded.image.width).toBe(120);
    expect(decoded.image.height).toBe(90);
    expect(decoded.image.data).toBeInstanceOf(Uint8Array);
    expect(decoded.image.data.length).toBe(120 * 90 * 3);
    expect(decoded).toMatchObject({ scale: 1, originalWidth: 120, originalHeight: 90 });
    // Pixel (60, 40) was encoded as (60, 40, 77); lossy codecs stay within a few levels.
    const i = (40 * 120 + 60) * 3;
    const pixel = Array.from(decoded.image.data.subarray(i, i + 3));
    const tolerance = format === 'png' ? 0 : 6;
    [60, 40, 77].forEach((expected, c) => expect(Math.abs(pixel[c]! - expected)).toBeLessThanOrEqual(tolerance));
  });

  it('expands a one-channel grayscale JPEG to three equal channels', async () => {
    const grey = Buffer.alloc(64 * 48);
    for (let i = 0; i < grey.length; i++) grey[i] = (i * 3) % 256;
    const jpeg = await sharp(grey, { raw: { width: 64, height: 48, channels: 1 } })
      .toColourspace('b-w')
      .jpeg()
      .toBuffer();
    expect((await sharp(jpeg).metadata()).channels).toBe(1);

    const { image } = await decodeImage(jpeg);
    expect(image.data.length).toBe(64 * 48 * 3);
    for (let i = 0; i < image.data.length; i += 3) {
      expect(image.data[i + 1]).toBe(image.data[i]);
      expect(image.data[i + 2]).toBe(image.data[i]);
    }
  });

  it('reduces a 16-bit PNG to 8 bits per channel', async () => {
    const png = await sharp(Buffer.alloc(40 * 40 * 3, 128), { raw: { width: 40, height: 40, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(png).metadata()).depth).toBe('ushort');
    const { image } = await decodeImage(png);
    expect(image.data.length).toBe(40 * 40 * 3);
    expect(Math.abs(image.data[0]! - 128)).toBeLessThanOrEqual(1);
  });

  it('applies EXIF orientation 6 (rotate 90 degrees clockwise)', async () => {
    // Stored 80x40 with a red left half; shown rotated clockwise, the left half becomes the top half.
    const stored = Buffer.alloc(80 * 40 * 3, 0);
    for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) stored[(y * 80 + x) * 3] = 255;
    const jpeg = await sharp(stored, { raw: { width: 80, height: 40, channels: 3 } })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();

    const { image, originalWidth, originalHeight } = await decodeImage(jpeg);
    expect([image.width, image.height]).toEqual([40, 80]);
    expect([originalWidth, originalHeight]).toEqual([40, 80]);
    const red = (x: number, y: number) => image.data[(y * image.width + x) * 3];
    expect(red(20, 10)).toBeGreaterThan(200);
    expect(red(20, 70)).toBeLessThan(50);
  });

  it('flattens transparency onto white by default and onto black on request', async () => {
    // Left half opaque blue, right half fully transparent, so only the background shows there.
    const rgba = Buffer.alloc(64 * 64 * 4, 0);
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 32; x++) {
        rgba[(y * 64 + x) * 4 + 2] = 255;
        rgba[(y * 64 + x) * 4 + 3] = 255;
      }
    }
    const png = await sharp(rgba, { raw: { width: 64, height: 64, channels: 4 } })
      .png()
      .toBuffer();
    const pixel = (data: Uint8Array, x: number, y: number) =>
      Array.from(data.subarray((y * 64 + x) * 3, (y * 64 + x) * 3 + 3));

    const onWhite = await decodeImage(png);
    expect(onWhite.image.data.length).toBe(64 * 64 * 3);
    expect(pixel(onWhite.image.data, 10, 10)).toEqual([0, 0, 255]);
    expect(pixel(onWhite.image.data, 50, 10)).toEqual([255, 255, 255]);

    const onBlack = await decodeImage(png, { background: 'black' });
    expect(pixel(onBlack.image.data, 50, 10)).toEqual([0, 0, 0]);
  });
});

describe('decodeImage: maxSide downscale', () => {
  it('shrinks the longer side to maxSide and reports the scale', async () => {
    const jpeg = await encoder(400, 300).jpeg({ quality: 95 }).toBuffer();
    const decoded = await decodeImage(jpeg, { maxSide: 200 });
    expect([decoded.image.width, decoded.image.height]).toEqual([200, 150]);
    expect(decoded.image.data.length).toBe(200 * 150 * 3);
    expect(decoded).toMatchObject({ scale: 0.5, originalWidth: 400, originalHeight: 300 });
    // Output pixel (50, 30) maps back to source (100, 60), whose red and green channels encode x and y.
    const i = (30 * 200 + 50) * 3;
    expect(Math.abs(decoded.image.data[i]! - 50 / decoded.scale)).toBeLessThanOrEqual(4);
    expect(Math.abs(decoded.image.data[i + 1]! - 30 / decoded.scale)).toBeLessThanOrEqual(4);
  });

  it('never enlarges an image smaller than maxSide', async () => {
    const decoded = await decodeImage(await encoder(120, 90).png().toBuffer(), { maxSide: 1280 });
    expect([decoded.image.width, decoded.image.height, decoded.scale]).toEqual([120, 90, 1]);
  });

  it('measures maxSide on the oriented image', async () => {
    const jpeg = await encoder(400, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const decoded = await decodeImage(jpeg, { maxSide: 100 });
    expect([decoded.image.width, decoded.image.height]).toEqual([50, 100]);
    expect(decoded).toMatchObject({ scale: 0.25, originalWidth: 200, originalHeight: 400 });
  });

  it('rejects a nonsensical maxSide as a programming error', async () => {
    const png = await encoder(40, 40).png().toBuffer();
    await expect(decodeImage(png, { maxSide: 0 })).rejects.toThrow(RangeError);
  });
});

describe('decodeImage: refused input', () => {
  it('refuses an empty buffer as not_an_image', async () => {
    await expectImageError(decodeImage(new Uint8Array(0)), 'not_an_image');
  });

  it('refuses random bytes as not_an_image', async () => {
    // Deterministic pseudo-random bytes (LCG), starting with a byte no supported format starts with.
    const bytes = new Uint8Array(4096);
    let state = 12345;
    for (let i = 0; i < bytes.length; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      bytes[i] = state >>> 24;
    }
    bytes[0] = 0x42;
    await expectImageError(decodeImage(bytes), 'not_an_image');
  });

  it('refuses text as not_an_image', async () => {
    await expectImageError(
      decodeImage(new TextEncoder().encode('BMW? hello, this is plain text\n'.repeat(20))),
      'not_an_image',
    );
  });

  it.each([
    ['gif', () => encoder(64, 64).gif().toBuffer()],
    ['tiff', () => encoder(64, 64).tiff().toBuffer()],
    [
      'svg',
      () =>
        Promise.resolve(
          Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"/>'),
        ),
    ],
  ] as const)('refuses %s as unsupported_format', async (_name, encode) => {
    await expectImageError(decodeImage(await encode()), 'unsupported_format');
  });

  it.each([
    ['jpeg', () => encoder(200, 150).jpeg().toBuffer()],
    ['png', () => encoder(200, 150).png().toBuffer()],
    ['webp', () => encoder(200, 150).webp().toBuffer()],
  ] as const)('refuses a %s cut in half as truncated_image', async (_format, encode) => {
    const whole = await encode();
    await expectImageError(decodeImage(whole.subarray(0, whole.length >> 1)), 'truncated_image');
  });

  it('refuses a JPEG that stops right after its magic bytes as truncated_image', async () => {
    await expectImageError(decodeImage(new Uint8Array([0xff, 0xd8, 0xff])), 'truncated_image');
  });

  it('never lets a raw decoder error escape from damaged JPEGs', async () => {
    const whole = await encoder(160, 120).jpeg().toBuffer();
    for (let seed = 1; seed <= 12; seed++) {
      const damaged = Buffer.from(whole);
      // Overwrite a run of bytes somewhere after the header with junk.
      const at = 200 + ((seed * 397) % (damaged.length - 300));
      damaged.fill(seed * 17, at, at + 40);
      try {
        const { image } = await decodeImage(damaged);
        expect(image.data.length).toBe(160 * 120 * 3);
      } catch (error) {
        expect(error).toBeInstanceOf(ImageError);
      }
    }
  });

  it('refuses more bytes than maxBytes as image_too_large before looking at them', async () => {
    const png = await encoder(64, 64).png().toBuffer();
    await expectImageError(decodeImage(png, { maxBytes: png.length - 1 }), 'image_too_large');

    const oversized = new Uint8Array(DEFAULT_DECODE_LIMITS.maxBytes + 1);
    oversized.set([0xff, 0xd8, 0xff]);
    await expectImageError(decodeImage(oversized), 'image_too_large');
  });

  it('refuses a PNG header declaring 30000x30000 as image_too_large without decoding', async () => {
    const bomb = pngWithHeader(30_000, 30_000, 8, 2, deflateSync(Buffer.alloc(1000)));
    const started = performance.now();
    const error = await expectImageError(decodeImage(bomb), 'image_too_large');
    expect(performance.now() - started).toBeLessThan(500);
    expect(error.message).toContain('30000x30000');
  });

  it('refuses a real, complete 400-megapixel PNG that compresses to a few KB, quickly', async () => {
    // 20000x20000 1-bit greyscale, all black: every scanline is a filter byte plus 2500 zero bytes.
    const side = 20_000;
    const scanlines = Buffer.alloc((side / 8 + 1) * side);
    const bomb = pngWithHeader(side, side, 1, 0, deflateSync(scanlines, { level: 9 }));
    expect(bomb.length).toBeLessThan(100_000);
    const started = performance.now();
    await expectImageError(decodeImage(bomb), 'image_too_large');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('honours a lower maxPixels', async () => {
    const png = await encoder(200, 200).png().toBuffer();
    await expectImageError(decodeImage(png, { maxPixels: 199 * 200 }), 'image_too_large');
  });

  it('holds an interlaced PNG to maxInterlacedPixels, and a plain one of the same size only to maxPixels', async () => {
    const interlaced = await encoder(200, 200).png({ progressive: true }).toBuffer();
    await expectImageError(decodeImage(interlaced, { maxInterlacedPixels: 199 * 200 }), 'image_too_large');
    expect((await decodeImage(interlaced, { maxInterlacedPixels: 200 * 200 })).image.width).toBe(200);
    const plain = await encoder(200, 200).png().toBuffer();
    expect((await decodeImage(plain, { maxInterlacedPixels: 199 * 200 })).image.width).toBe(200);
  });

  it('holds a JPEG to maxJpegPixels (it shrinks on load) and a PNG of the same size to maxPixels', async () => {
    const jpeg = await encoder(200, 200).jpeg().toBuffer();
    const png = await encoder(200, 200).png().toBuffer();
    const limits = { maxPixels: 199 * 200, maxJpegPixels: 200 * 200 };
    expect((await decodeImage(jpeg, limits)).image.width).toBe(200);
    await expectImageError(decodeImage(png, limits), 'image_too_large');
    await expectImageError(decodeImage(jpeg, { ...limits, maxJpegPixels: 199 * 200 }), 'image_too_large');
  });

  it('accepts a 36 MP camera JPEG under the face-work limits, downscaled on load', async () => {
    const camera = await sharp({ create: { width: 4912, height: 7360, channels: 3, background: '#8a6f5c' } })
      .jpeg({ quality: 80 })
      .toBuffer();
    const decoded = await decodeImage(camera, { maxSide: 1280, ...FACE_WORK_DECODE_LIMITS });
    expect([decoded.image.width, decoded.image.height, decoded.originalWidth]).toEqual([854, 1280, 4912]);
    const png = await sharp({ create: { width: 4912, height: 7360, channels: 3, background: '#8a6f5c' } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    await expectImageError(decodeImage(png, { maxSide: 1280, ...FACE_WORK_DECODE_LIMITS }), 'image_too_large');
  });

  it('refuses a sliver that the working resolution would shrink under minSide (found by npm run fuzz)', async () => {
    const sliver = await encoder(40, 4000).jpeg().toBuffer();
    await expectImageError(decodeImage(sliver, { maxSide: 1280 }), 'image_too_small');
    expect((await decodeImage(sliver)).image.width).toBe(40);
  });

  it('refuses an image whose shorter side is under minSide as image_too_small', async () => {
    await expectImageError(decodeImage(await encoder(16, 16).png().toBuffer()), 'image_too_small');
    await expectImageError(decodeImage(await encoder(400, 20).jpeg().toBuffer()), 'image_too_small');
    const ok = await decodeImage(await encoder(32, 32).png().toBuffer());
    expect(ok.image.width).toBe(32);
  });
});
