/**
 * Runs the engine's own front end (decode at the working resolution, MTCNN with the engine's options) over every
 * image of a PAD dataset and hands each largest face to a visitor, so training and evaluation see exactly the face
 * crops the engine sees in production.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage } from '../../../shared/face/decode/decode-image.js';
import { findFaces } from '../../../shared/face/detect/find-faces.js';
import { Mtcnn } from '../../../shared/face/detect/mtcnn/mtcnn.js';
import type { ModelManifest } from '../../../shared/face/models/model-manifest.js';
import { initTf, type BackendName } from '../../../shared/face/runtime/tf.js';
import { DEFAULT_ENGINE_OPTIONS } from '../../../shared/face/tfjs-face-engine.js';
import type { Detection, RgbImage } from '../../../shared/face/types.js';
import type { PadDataset, PadSample } from './pad-dataset.js';
import type { Progress } from './progress.js';

export interface ScannedSample<T> {
  sample: PadSample;
  /** Undefined when no face was found, or the image could not be decoded (see `failure`). */
  result?: T;
  failure?: string;
  /** Milliseconds the visitor took (the PAD cost itself, without decode and detection). */
  visitMs?: number;
}

export interface FaceScanner {
  backend: BackendName;
  scan<T>(
    dataset: PadDataset,
    /** Called with the working image and its largest face; may be async. */
    visit: (image: RgbImage, face: Detection, sample: PadSample) => T | Promise<T>,
    progress: Progress,
  ): Promise<ScannedSample<T>[]>;
}

/**
 * `detectionsCache`: a JSON file of MTCNN results by image (path + sha256 of its bytes), read before and written
 * after the scan, so repeated runs over the same images skip the detector (the slow part). Off by default.
 */
export async function loadFaceScanner(
  manifest: ModelManifest,
  options: { detectionsCache?: string } = {},
): Promise<FaceScanner> {
  const backend = await initTf();
  const mtcnn = await Mtcnn.load(manifest.detector.weights);
  const cacheFile = options.detectionsCache;
  const cache: Record<string, Detection | null> =
    cacheFile && existsSync(cacheFile)
      ? (JSON.parse(await readFile(cacheFile, 'utf8')) as Record<string, Detection | null>)
      : {};
  return {
    backend,
    async scan(dataset, visit, progress) {
      type T = Awaited<ReturnType<typeof visit>>;
      const out: ScannedSample<T>[] = [];
      let failed = 0;
      progress.start(dataset.samples.length);
      for (const sample of dataset.samples) {
        let entry: ScannedSample<T>;
        try {
          const bytes = await readFile(join(dataset.dir, sample.path));
          const { image } = await decodeImage(bytes, DEFAULT_ENGINE_OPTIONS.decode);
          const key = `${manifest.detector.id}|${sample.path}|${createHash('sha256').update(bytes).digest('hex')}`;
          const cached = cacheFile ? cache[key] : undefined;
          const face =
            cached !== undefined
              ? (cached ?? undefined)
              : (await findFaces(mtcnn, image, DEFAULT_ENGINE_OPTIONS.find)).faces[0];
          if (cacheFile) cache[key] = face ?? null;
          if (face) {
            const t0 = performance.now();
            const result = await visit(image, face, sample);
            entry = { sample, result, visitMs: performance.now() - t0 };
          } else {
            entry = { sample, failure: 'no_face' };
          }
        } catch (err) {
          entry = { sample, failure: `unreadable: ${(err as Error).message}` };
        }
        if (entry.failure) failed++;
        out.push(entry);
        if (cacheFile && out.length % 100 === 0) await writeFile(cacheFile, JSON.stringify(cache));
        progress.tick(failed);
      }
      progress.stop();
      if (cacheFile) await writeFile(cacheFile, JSON.stringify(cache));
      return out;
    },
  };
}
