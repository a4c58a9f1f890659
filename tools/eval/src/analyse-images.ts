/** Runs the engine once per distinct image and records what it found: the embedding cache of an evaluation. */
import { readFile } from 'node:fs/promises';
import type { ImageOutcome } from './metrics/image-outcome.js';
import { ImageError } from '../../../shared/face/errors.js';
import type { AnalyzeOptions, FaceEngine } from '../../../shared/face/face-engine.js';
import type { Progress } from './progress.js';

export interface ImageToAnalyse {
  /** Absolute path; the cache key. */
  file: string;
  /** Path shown in outputs. */
  path: string;
}

/** Analyse each image once, sequentially (timings must not overlap), never letting one bad image stop the run. */
export async function analyseImages(
  engine: Pick<FaceEngine, 'analyze'>,
  images: readonly ImageToAnalyse[],
  options: AnalyzeOptions,
  progress: Progress,
): Promise<Map<string, ImageOutcome>> {
  const outcomes = new Map<string, ImageOutcome>();
  let failed = 0;
  progress.start(images.length);
  try {
    for (const image of images) {
      if (outcomes.has(image.file)) continue;
      const outcome = await analyseOne(engine, image, options);
      if (!outcome.embedding) failed++;
      outcomes.set(image.file, outcome);
      progress.tick(failed);
    }
  } finally {
    progress.stop();
  }
  return outcomes;
}

async function analyseOne(
  engine: Pick<FaceEngine, 'analyze'>,
  image: ImageToAnalyse,
  options: AnalyzeOptions,
): Promise<ImageOutcome> {
  const base = { path: image.path, file: image.file };
  let bytes: Buffer;
  try {
    bytes = await readFile(image.file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ...base, failure: 'missing_file', detail: code === 'ENOENT' ? 'file not found' : (err as Error).message };
  }
  try {
    const analysis = await engine.analyze(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), options);
    const common = { ...base, timings: analysis.timings, faces: analysis.faces.length };
    if (!analysis.primary) return { ...common, failure: 'no_face', detail: 'no face found' };
    if (!analysis.primary.embedding) return { ...common, failure: 'no_embedding', detail: 'face found, no embedding' };
    return { ...common, embedding: analysis.primary.embedding };
  } catch (err) {
    if (err instanceof ImageError) return { ...base, failure: 'undecodable', detail: `${err.code}: ${err.message}` };
    return { ...base, failure: 'engine_error', detail: err instanceof Error ? err.message : String(err) };
  }
}
