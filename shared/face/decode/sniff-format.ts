/**
 * Recognises an image container from its first bytes, before any decoder sees the data.
 * Sniffing is cheap and lets us refuse formats we do not want to expose to libvips (GIF, TIFF, SVG, HEIF, ...)
 * with a precise error instead of whatever the decoder would say.
 */

/** The formats the engine decodes. */
export type SupportedFormat = 'jpeg' | 'png' | 'webp';

/** What the first bytes say about the data. */
export type SniffResult =
  | { kind: 'supported'; format: SupportedFormat }
  /** A recognised image format that we refuse to decode. */
  | { kind: 'unsupported'; format: string }
  /** Not recognisably an image at all. */
  | { kind: 'unknown' };

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  for (let i = 0; i < signature.length; i++) {
    if (bytes[at + i] !== signature[i]) return false;
  }
  return true;
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');

/** Recognised-but-refused formats, each with a signature specific enough not to match ordinary text. */
const UNSUPPORTED: ReadonlyArray<{ format: string; test: (b: Uint8Array) => boolean }> = [
  { format: 'gif', test: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  { format: 'tiff', test: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  // "BM" alone is too weak (text can start with it): also require the reserved zero bytes and a known DIB header size.
  {
    format: 'bmp',
    test: (b) =>
      startsWith(b, ascii('BM')) &&
      startsWith(b, [0, 0, 0, 0], 6) &&
      [12, 40, 52, 56, 64, 108, 124].includes((b[14] ?? 0) | ((b[15] ?? 0) << 8)),
  },
  { format: 'psd', test: (b) => startsWith(b, ascii('8BPS')) },
  { format: 'jpeg2000', test: (b) => startsWith(b, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) },
  {
    format: 'jpegxl',
    test: (b) => startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20]),
  },
  // ISO-BMFF ('ftyp' box at offset 4) with an image brand: HEIC/HEIF/AVIF from phones.
  {
    format: 'heif',
    test: (b) =>
      startsWith(b, ascii('ftyp'), 4) &&
      ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis'].some((brand) =>
        startsWith(b, ascii(brand), 8),
      ),
  },
  { format: 'svg', test: (b) => looksLikeSvg(b) },
];

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024)).trimStart().toLowerCase();
  return (
    (head.startsWith('<?xml') || head.startsWith('<svg') || head.startsWith('<!doctype svg')) && head.includes('<svg')
  );
}

/** Classifies `bytes` by magic number. Never throws. */
export function sniffImageFormat(bytes: Uint8Array): SniffResult {
  if (startsWith(bytes, JPEG)) return { kind: 'supported', format: 'jpeg' };
  if (startsWith(bytes, PNG)) return { kind: 'supported', format: 'png' };
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return { kind: 'supported', format: 'webp' };
  for (const { format, test } of UNSUPPORTED) {
    if (test(bytes)) return { kind: 'unsupported', format };
  }
  return { kind: 'unknown' };
}
