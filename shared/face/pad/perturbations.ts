/**
 * Image perturbations an attacker controls (or a poor camera produces): noise, blur, JPEG, greyscale, gamma,
 * resampling, low light. `train:pad` augments both classes with them; `eval:pad` reports APCER per perturbation.
 * Deterministic: the same image, name and seed give the same pixels.
 */
import sharp, { type Sharp } from 'sharp';
import type { RgbImage } from '../types.js';

export type Perturbation =
  | { kind: 'original' }
  | { kind: 'noise'; sigma: number }
  | { kind: 'greyscale' }
  | { kind: 'jpeg'; quality: number }
  | { kind: 'blur'; sigma: number }
  | { kind: 'gamma'; gamma: number }
  | { kind: 'resample'; factor: number }
  /** Dimmed to `gain` of its brightness, then sensor noise: a bona fide capture in a dark room. */
  | { kind: 'lowlight'; gain: number; sigma: number };

export function perturbationName(p: Perturbation): string {
  switch (p.kind) {
    case 'original':
    case 'greyscale':
      return p.kind;
    case 'noise':
      return `noise_${p.sigma}`;
    case 'jpeg':
      return `jpeg_${p.quality}`;
    case 'blur':
      return `blur_${p.sigma}`;
    case 'gamma':
      return `gamma_${p.gamma}`;
    case 'resample':
      return `resample_${p.factor}`;
    case 'lowlight':
      return `lowlight_${p.gain}_${p.sigma}`;
  }
}

/** Mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from a string (FNV-1a), so every image gets its own repeatable noise. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

function gaussianNoise(image: RgbImage, sigma: number, rnd: () => number, gain = 1): RgbImage {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i += 2) {
    // Box-Muller: two normals per two uniforms.
    const u = Math.max(rnd(), 1e-12);
    const r = Math.sqrt(-2 * Math.log(u)) * sigma;
    const t = 2 * Math.PI * rnd();
    data[i] = clamp(image.data[i]! * gain + r * Math.cos(t));
    if (i + 1 < data.length) data[i + 1] = clamp(image.data[i + 1]! * gain + r * Math.sin(t));
  }
  return { data, width: image.width, height: image.height };
}

function greyscale(image: RgbImage): RgbImage {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i += 3) {
    const y = clamp(0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!);
    data[i] = data[i + 1] = data[i + 2] = y;
  }
  return { data, width: image.width, height: image.height };
}

function gamma(image: RgbImage, g: number): RgbImage {
  const lut = Uint8Array.from({ length: 256 }, (_, v) => clamp(255 * (v / 255) ** g));
  return { data: image.data.map((v) => lut[v]!), width: image.width, height: image.height };
}

const raw = (image: RgbImage) => sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });

async function fromSharp(s: Sharp): Promise<RgbImage> {
  const { data, info } = await s.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** Apply `p`; `key` (e.g. the image's path) seeds any randomness. Keeps the image size, so landmarks still fit. */
export async function perturb(image: RgbImage, p: Perturbation, key: string): Promise<RgbImage> {
  const rnd = seededRandom(seedOf(`${key}|${perturbationName(p)}`));
  switch (p.kind) {
    case 'original':
      return image;
    case 'noise':
      return gaussianNoise(image, p.sigma, rnd);
    case 'lowlight':
      return gaussianNoise(image, p.sigma, rnd, p.gain);
    case 'greyscale':
      return greyscale(image);
    case 'gamma':
      return gamma(image, p.gamma);
    case 'jpeg': {
      const bytes = await raw(image).jpeg({ quality: p.quality }).toBuffer();
      return fromSharp(sharp(bytes));
    }
    case 'blur':
      return fromSharp(raw(image).blur(p.sigma));
    case 'resample': {
      const w = Math.max(8, Math.round(image.width * p.factor));
      const h = Math.max(8, Math.round(image.height * p.factor));
      const small = await raw(image).resize(w, h, { kernel: 'linear' }).raw().toBuffer();
      return fromSharp(
        sharp(small, { raw: { width: w, height: h, channels: 3 } }).resize(image.width, image.height, {
          kernel: 'linear',
          fit: 'fill',
        }),
      );
    }
  }
}

/** The perturbations `eval:pad` reports APCER for (the list) and BPCER on bona fide captures. */
export const EVAL_ATTACK_PERTURBATIONS: readonly Perturbation[] = [
  { kind: 'original' },
  { kind: 'noise', sigma: 8 },
  { kind: 'noise', sigma: 16 },
  { kind: 'greyscale' },
  { kind: 'jpeg', quality: 10 },
  { kind: 'blur', sigma: 1.5 },
];
export const EVAL_BONA_FIDE_PERTURBATIONS: readonly Perturbation[] = [
  { kind: 'original' },
  { kind: 'noise', sigma: 8 },
  { kind: 'lowlight', gain: 0.35, sigma: 8 },
  { kind: 'jpeg', quality: 10 },
];
