import type { AlignmentTemplate } from '../align/templates.js';
import type { FaceChip } from '../align/align-face.js';
import type { SimilarityMetric } from '../matching/similarity.js';
import type { Landmarks5, RgbImage } from '../types.js';

/** A face-embedding network: aligned chips in, vectors out, compared with the network's own metric. */
export interface Embedder {
  /** Model version id as in models/manifest.json; stored with every template. */
  readonly id: string;
  readonly dims: number;
  /** Where the landmarks must land in this network's input chip. */
  readonly template: AlignmentTemplate;
  /** How two of its vectors are compared; see matching/similarity.ts. */
  readonly metric: SimilarityMetric;
  embed(chips: readonly FaceChip[]): Promise<Float32Array[]>;
  /**
   * Embeds a face straight from the image, for embedders that align it themselves (a fusion aligns one chip per
   * part, each on its own template). When present, the engine calls this instead of aligning to `template`.
   */
  embedFace?(image: RgbImage, landmarks: Landmarks5): Promise<Float32Array>;
  /**
   * Its forward pass runs on a native thread (onnxruntime-node), not on the JS thread: a fusion starts it first so
   * the JS-thread parts (tfjs wasm) run meanwhile.
   */
  readonly runsOffThread?: boolean;
  dispose(): void;
}

export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const n = Math.sqrt(s) || 1;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / n;
  return out;
}
