/**
 * Builds the tfjs FaceEngine from models/manifest.json: backend, detector, embedder and, when the manifest has one,
 * the presentation-attack detector. Cache the result per process.
 */
import { initTf, type BackendName } from './runtime/tf.js';
import { Mtcnn } from './detect/mtcnn/mtcnn.js';
import { FaceRecognitionNet } from './embed/face-recognition-net.js';
import { ARCFACE_112, DLIB_150, type AlignmentTemplate } from './align/templates.js';
import { ArcFaceOnnx } from './embed/arcface-onnx.js';
import { FusedEmbedder } from './embed/fused-embedder.js';
import { checkFusion } from './matching/fusion.js';
import { readVendored } from './models/vendored-file.js';
import { ModelIntegrityError } from './errors.js';
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

const TEMPLATES: Record<string, AlignmentTemplate> = { [DLIB_150.id]: DLIB_150, [ARCFACE_112.id]: ARCFACE_112 };

function templateOf(id: string, template: string): AlignmentTemplate {
  const t = TEMPLATES[template];
  if (!t) throw new Error(`Embedder "${id}" names unknown alignment template "${template}"`);
  return t;
}

/** Loads the embedder `id` of the manifest (weights checked against their sha256). */
export async function loadEmbedder(manifest: ModelManifest, id: string): Promise<Embedder> {
  const entry = manifest.embedders[id];
  if (!entry) throw new Error(`Unknown embedder "${id}"; known: ${Object.keys(manifest.embedders).join(', ')}`);
  const missing = (what: string) => new ModelIntegrityError(`Embedder "${id}" (${entry.name}) has no ${what}`);
  switch (entry.name) {
    case 'FaceRecognitionNet':
      if (!entry.weights) throw missing('weights');
      return FaceRecognitionNet.load({
        id,
        weights: entry.weights,
        template: templateOf(id, entry.template),
        flip: entry.options?.flip ?? false,
      });
    case 'ArcFaceOnnx':
      if (!entry.model) throw missing('model');
      return ArcFaceOnnx.load({
        id,
        model: await readVendored(entry.model),
        template: templateOf(id, entry.template),
        dims: entry.dims,
        flip: entry.options?.flip ?? false,
      });
    case 'Fusion': {
      if (!entry.parts) throw missing('parts');
      const metric = checkFusion({ kind: 'fusion', parts: entry.parts });
      const parts = await Promise.all(entry.parts.map((p) => loadEmbedder(manifest, p.id)));
      return new FusedEmbedder(id, parts, metric);
    }
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
