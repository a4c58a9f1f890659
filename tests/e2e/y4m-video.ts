/**
 * Y4M (YUV4MPEG2) videos for Chromium's fake camera (`--use-file-for-fake-video-capture`): a text header, then per
 * frame `FRAME\n` and the Y, U and V planes of 4:2:0 video. Colours are converted with BT.601 in limited ("studio")
 * range, what Chromium assumes for I420 frames.
 */
import { open } from 'node:fs/promises';

export interface VideoFormat {
  width: number;
  height: number;
  fps: number;
}

/** The stream header; `C420jpeg` = 4:2:0 with chroma sited between the luma samples, as we average 2x2 blocks. */
export function y4mHeader({ width, height, fps }: VideoFormat): string {
  return `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`;
}

/** One frame's planes (Y, then U, then V) from packed 8-bit RGB. Width and height must be even. */
export function rgbToI420(rgb: Uint8Array, width: number, height: number): Uint8Array {
  if (width % 2 !== 0 || height % 2 !== 0) throw new RangeError(`I420 needs even dimensions, got ${width}x${height}`);
  if (rgb.length !== width * height * 3) {
    throw new RangeError(`expected ${width * height * 3} RGB bytes for ${width}x${height}, got ${rgb.length}`);
  }
  const lumaSize = width * height;
  const chromaWidth = width / 2;
  const out = new Uint8Array(lumaSize * 1.5);
  const uOffset = lumaSize;
  const vOffset = lumaSize + lumaSize / 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      out[y * width + x] = clampByte(16 + (65.481 * rgb[i]! + 128.553 * rgb[i + 1]! + 24.966 * rgb[i + 2]!) / 255);
    }
  }
  for (let cy = 0; cy < height / 2; cy++) {
    for (let cx = 0; cx < chromaWidth; cx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((cy * 2 + dy) * width + cx * 2 + dx) * 3;
        r += rgb[i]!;
        g += rgb[i + 1]!;
        b += rgb[i + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      out[uOffset + cy * chromaWidth + cx] = clampByte(128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255);
      out[vOffset + cy * chromaWidth + cx] = clampByte(128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return out;
}

/** A still picture shown for `frames` frames. */
export interface Shot {
  rgb: Uint8Array;
  frames: number;
  /**
   * Sensor noise, the standard deviation in luma levels, drawn afresh (seeded) for every frame. A real webcam never
   * delivers two identical frames; without it a login burst is, rightly, a replayed still. Default 0.
   */
  sensorNoise?: number;
}

/** The luma plane (the first width x height bytes) with seeded uniform noise of standard deviation `sigma`. */
function noisyLuma(planes: Uint8Array, lumaBytes: number, sigma: number, seed: number): Uint8Array {
  const out = new Uint8Array(planes);
  let state = seed >>> 0 || 1;
  const half = sigma * Math.sqrt(3);
  for (let i = 0; i < lumaBytes; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = clampByte(out[i]! + (state / 2 ** 32 - 0.5) * 2 * half);
  }
  return out;
}

/** Writes the video: each shot's frame repeated, in order (Chromium loops the file). */
export async function writeY4m(file: string, format: VideoFormat, shots: readonly Shot[]): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.write(y4mHeader(format));
    const marker = Buffer.from('FRAME\n');
    for (const shot of shots) {
      const planes = rgbToI420(shot.rgb, format.width, format.height);
      for (let n = 0; n < shot.frames; n++) {
        await handle.write(marker);
        const noise = shot.sensorNoise ?? 0;
        await handle.write(noise > 0 ? noisyLuma(planes, format.width * format.height, noise, n + 1) : planes);
      }
    }
  } finally {
    await handle.close();
  }
}

function clampByte(value: number): number {
  return Math.min(255, Math.max(0, Math.round(value)));
}
