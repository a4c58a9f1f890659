/**
 * Runs the engine's own front end (decode at the working resolution, MTCNN with the engine's options) over every
 * image of a PAD dataset and hands each largest face to a visitor, so training and evaluation see exactly the face
 * crops the engine sees in production.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage } from '../../shared/face/decode/decode-image.js';
import { findFaces } from '../../shared/face/detect/find-faces.js';
import { Mtcnn } from '../../shared/face/detect/mtcnn/mtcnn.js';
import type { ModelManifest } from '../../shared/face/models/model-manifest.js';
import { initTf, type BackendName } from '../../shared/face/runtime/tf.js';
import { DEFAULT_ENGINE_OPTIONS } from '../../shared/face/tfjs-face-engine.js';
import type { Landmarks5, RgbImage } from '../../shared/face/types.js';
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
    visit: (image: RgbImage, landmarks: Landmarks5) => T,
    progress: Progress,
  ): Promise<ScannedSample<T>[]>;
}

export async function loadFaceScanner(manifest: ModelManifest): Promise<FaceScanner> {
  const backend = await initTf();
  const mtcnn = await Mtcnn.load(manifest.detector.weights);
  return {
    backend,
    async scan(dataset, visit, progress) {
      const out: ScannedSample<ReturnType<typeof visit>>[] = [];
      let failed = 0;
      progress.start(dataset.samples.length);
      for (const sample of dataset.samples) {
        let entry: ScannedSample<ReturnType<typeof visit>>;
        try {
          const bytes = await readFile(join(dataset.dir, sample.path));
          const { image } = await decodeImage(bytes, DEFAULT_ENGINE_OPTIONS.decode);
          const face = (await findFaces(mtcnn, image, DEFAULT_ENGINE_OPTIONS.find)).faces[0];
          if (face) {
            const t0 = performance.now();
            const result = visit(image, face.landmarks);
            entry = { sample, result, visitMs: performance.now() - t0 };
          } else {
            entry = { sample, failure: 'no_face' };
          }
        } catch (err) {
          entry = { sample, failure: `unreadable: ${(err as Error).message}` };
        }
        if (entry.failure) failed++;
        out.push(entry);
        progress.tick(failed);
      }
      progress.stop();
      return out;
    },
  };
}
