/**
 * Builds the tfjs FaceEngine from models/manifest.json: backend, detector, embedder and, when the manifest has one,
 * the presentation-attack detector. Cache the result per process.
 */
import { initTf, type BackendName } from './runtime/tf.js';
import { Mtcnn } from './detect/mtcnn/mtcnn.js';
import { FaceRecognitionNet } from './embed/face-recognition-net.js';
import { DLIB_150 } from './align/templates.js';
import { readModelManifest, type ModelManifest } from './models/model-manifest.js';
import { DEFAULT_ENGINE_OPTIONS, TfjsFaceEngine, type TfjsFaceEngineOptions } from './tfjs-face-engine.js';
import type { Embedder } from './embed/embedder.js';
import type { FaceEngine } from './face-engine.js';
import { loadPadDetector } from './pad/load-pad-detector.js';

export interface CreateFaceEngineOptions {
  /** Embedder id from the manifest; default: the manifest's active one. */
  embedder?: string;
  manifest?: ModelManifest;
  /** PAD model id from the manifest; default: its active one; `false`: no liveness. */
  pad?: string | false;
  /** Folder of the PAD parameter files; default: the manifest's folder. */
  modelsDir?: string;
  engine?: Partial<TfjsFaceEngineOptions>;
}

export interface LoadedFaceEngine extends FaceEngine {
  backend: BackendName;
  loadTimings: { backendMs: number; modelsMs: number };
  /** This engine's detector and options with another embedder (see face-engines.ts). */
  withEmbedder(embedder: Embedder): FaceEngine;
}

/** Loads the embedder `id` of the manifest (weights checked against their sha256). */
export async function loadEmbedder(manifest: ModelManifest, id: string): Promise<Embedder> {
  const entry = manifest.embedders[id];
  if (!entry) throw new Error(`Unknown embedder "${id}"; known: ${Object.keys(manifest.embedders).join(', ')}`);
  switch (entry.name) {
    case 'FaceRecognitionNet':
      return FaceRecognitionNet.load({
        id,
        weights: entry.weights,
        template: DLIB_150,
        flip: entry.options?.flip ?? false,
      });
    default:
      throw new Error(`Embedder "${id}" has unsupported network "${entry.name}"`);
  }
}

export async function createFaceEngine(options: CreateFaceEngineOptions = {}): Promise<LoadedFaceEngine> {
  const t0 = performance.now();
  const backend = await initTf();
  const t1 = performance.now();
  const manifest = options.manifest ?? readModelManifest();
  const [mtcnn, embedder, pad] = await Promise.all([
    Mtcnn.load(manifest.detector.weights),
    loadEmbedder(manifest, options.embedder ?? manifest.activeEmbedder),
    options.pad === false
      ? undefined
      : loadPadDetector(manifest, {
          ...(options.pad === undefined ? {} : { id: options.pad }),
          ...(options.modelsDir === undefined ? {} : { modelsDir: options.modelsDir }),
        }),
  ]);
  const t2 = performance.now();
  const engine = new TfjsFaceEngine(mtcnn, embedder, { ...DEFAULT_ENGINE_OPTIONS, ...options.engine }, pad);
  return Object.assign(engine, { backend, loadTimings: { backendMs: t1 - t0, modelsMs: t2 - t1 } });
}
