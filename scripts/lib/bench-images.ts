/**
 * The images `bench` times: by default single-face 640x480 frames cut from the group photos that
 * @vladmandic/face-api ships as demo samples (the face about a third of the frame width, as at a webcam), or
 * every image of a folder given with --images.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative } from 'node:path';
import sharp from 'sharp';
import type { FaceEngine } from '../../shared/face/face-engine.js';
import { InputError } from './cli.js';
import { frameAroundFace } from './frame-geometry.js';

export interface BenchImage {
  /** Where the bytes live (a frame written to the out dir, or the given file). */
  file: string;
  bytes: Uint8Array;
  width: number;
  height: number;
  /** For built frames: the sample photo and the face's share of the frame width. */
  source?: string;
  faceFraction?: number;
}

const FRAME = { width: 640, height: 480 };
/** Smaller faces would need more than ~3x upscaling to fill a 640 px frame: not what a webcam delivers. */
const MIN_FACE_PX = 100;
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp']);
const MAX_IMAGES = 200;

function samplePhotos(): string[] {
  const root = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));
  return [1, 2, 3, 4, 5, 6].map((i) => join(root, 'demo', `sample${i}.jpg`));
}

/** Detect the faces of each sample photo, frame each one, and keep the frames where the engine sees one face. */
export async function buildSampleFrames(engine: Pick<FaceEngine, 'analyze'>, outDir: string): Promise<BenchImage[]> {
  const dir = join(outDir, 'frames');
  await mkdir(dir, { recursive: true });
  const frames: BenchImage[] = [];
  let rejected = 0;
  for (const photo of samplePhotos()) {
    const bytes = await readFile(photo).catch(() => {
      throw new InputError(`demo photo missing: ${photo} (is @vladmandic/face-api installed?)`);
    });
    const found = await engine.analyze(bytes, { embed: false });
    for (const [k, face] of found.faces.entries()) {
      if (face.box.width < MIN_FACE_PX) continue;
      const region = frameAroundFace(face.box, found.width, found.height);
      const frame = await sharp(bytes)
        .rotate()
        .extract(region)
        .resize(FRAME.width, FRAME.height, { fit: 'fill' })
        .jpeg({ quality: 90 })
        .toBuffer();
      const check = await engine.analyze(frame, { embed: false });
      // A neighbour's face inside the frame would make it a two-face benchmark.
      const [only, ...others] = check.faces;
      if (only === undefined || others.length > 0) {
        rejected++;
        continue;
      }
      const name = `${basename(photo, '.jpg')}-face${k + 1}.jpg`;
      const file = join(dir, name);
      await writeFile(file, frame);
      frames.push({
        file,
        bytes: new Uint8Array(frame),
        ...FRAME,
        source: relative(process.cwd(), photo),
        faceFraction: only.box.width / FRAME.width,
      });
    }
  }
  if (frames.length === 0) {
    throw new InputError(`no single-face frame could be built from the demo photos (${rejected} had several faces)`);
  }
  return frames;
}

/** Every image file under `dir` (recursively, sorted, at most 200), as-is. */
export async function loadImageFolder(dir: string): Promise<BenchImage[]> {
  let names: string[];
  try {
    names = await readdir(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot read --images folder ${dir}: ${(err as Error).message}`);
  }
  const files = names
    .filter((n) => IMAGE_EXTENSIONS.has(extname(n).toLowerCase()))
    .sort()
    .slice(0, MAX_IMAGES);
  if (files.length === 0) throw new InputError(`no .jpg/.jpeg/.png/.webp images in ${dir}`);
  const images: BenchImage[] = [];
  for (const name of files) {
    const file = join(dir, name);
    const bytes = await readFile(file);
    const meta = await sharp(bytes)
      .metadata()
      .catch(() => ({ width: 0, height: 0 }));
    images.push({ file, bytes: new Uint8Array(bytes), width: meta.width ?? 0, height: meta.height ?? 0 });
  }
  return images;
}
