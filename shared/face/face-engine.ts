/**
 * The FaceEngine port: everything the application needs from face analysis, with no tfjs in sight.
 * The tfjs implementation lives in ./tfjs-face-engine.ts; tests of use cases can substitute a fake.
 */
import type { Detection, StageTimings } from './types.js';
import type { QualityReport } from './quality/quality-report.js';
import type { SimilarityMetric } from './matching/similarity.js';

export interface AnalyzeOptions {
  /**
   * Smallest face to look for, as a fraction of the image's shorter side (0..1).
   * Larger values mean fewer pyramid levels and a faster detector. Default: engine's configured minimum.
   */
  minFaceFraction?: number;
  /** Compute the embedding of the primary face (default true). */
  embed?: boolean;
  /** Run presentation-attack detection on the primary face (default true when the engine has a detector). */
  liveness?: boolean;
}

/**
 * Presentation-attack detection (ISO/IEC 30107-3 terms) on the primary face: is this a live person or an
 * artefact (a printed photo, a screen)? Produced by shared/face/pad/.
 */
export interface LivenessResult {
  /** 0..1, higher = more likely a live face (a bona fide presentation). */
  score: number;
  /** The operating threshold from models/manifest.json: `live` is `score >= threshold`. */
  threshold: number;
  live: boolean;
  /** Version id of the PAD model, recorded with attempts. */
  modelVersion: string;
  /**
   * Set when the capture itself is evidence of tampering and was not scored: `no_colour` = a face without any
   * chroma from what must be a colour camera (converted to greyscale on the way). `live` is then false.
   */
  tampered?: 'no_colour';
  /** The separate signals behind `score` (e.g. learned, texture, chroma), recorded for diagnosis. */
  signals?: Record<string, number>;
}

/** The face the application acts on: the largest detected face. */
export interface PrimaryFace {
  detection: Detection;
  quality: QualityReport;
  /** The embedder's output vector (compare with `FaceEngine.similarity`); absent when `embed: false` was asked. */
  embedding?: Float32Array;
  /** Absent when the engine has no PAD model or `liveness: false` was asked. */
  liveness?: LivenessResult;
}

export interface FaceAnalysis {
  width: number;
  height: number;
  /** Every face found, largest first. */
  faces: Detection[];
  /** Undefined when no face was found: a failure to acquire. */
  primary?: PrimaryFace;
  /** True when the face was only found after padding the image (a tight crop). */
  padded: boolean;
  timings: StageTimings;
}

export interface FaceEngine {
  /** Version id of the embedder; every stored template carries it. */
  readonly modelVersion: string;
  readonly dims: number;
  /** How `similarity` compares two embeddings; lets 1:N search score the same way without the engine. */
  readonly metric: SimilarityMetric;
  /** Decode, detect, assess, align, embed. Throws ImageError for undecodable input; "no face" is a result. */
  analyze(bytes: Uint8Array, options?: AnalyzeOptions): Promise<FaceAnalysis>;
  /** Similarity of two embeddings of this engine's model, higher = more alike. */
  similarity(a: Float32Array, b: Float32Array): number;
}
