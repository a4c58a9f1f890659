/**
 * What crosses the thread boundary between PooledFaceEngines and face-worker.ts: plain data only. Errors are sent
 * as data and rebuilt on the main thread, because a structured clone keeps neither the class nor the fields (an
 * ImageError's `code`) that the use cases branch on.
 */
import type { AnalyzeOptions, FaceAnalysis } from '../face-engine.js';
import type { SimilarityMetric } from '../matching/similarity.js';
import type { BackendName } from '../runtime/tf.js';
import { ImageError, ModelIntegrityError, UnknownModelVersionError, type ImageErrorCode } from '../errors.js';

/** Options every worker builds its engine with (from the composition root's configuration). */
export interface FaceWorkerData {
  /** PAD model id, `false` = no liveness, absent = the manifest's active one. */
  pad?: string | false;
}

export interface DescribeTask {
  version: string;
}

export interface EngineDescription {
  modelVersion: string;
  dims: number;
  metric: SimilarityMetric;
  backend: BackendName;
  /** Worker thread id, so a warm-up can tell that every worker loaded its models. */
  threadId: number;
}

export interface AnalyzeTask {
  version: string;
  /** A buffer of its own, transferred (not copied) to the worker. */
  bytes: Uint8Array;
  options: AnalyzeOptions;
}

export type SerializedError =
  | { name: 'ImageError'; message: string; code: ImageErrorCode }
  | { name: 'UnknownModelVersionError'; message: string; version: string; known: string[] }
  | { name: string; message: string; stack?: string };

export type WorkerReply<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

export type AnalyzeReply = WorkerReply<FaceAnalysis>;
export type DescribeReply = WorkerReply<EngineDescription>;

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ImageError) return { name: error.name, message: error.message, code: error.code };
  if (error instanceof UnknownModelVersionError)
    return { name: error.name, message: error.message, version: error.version, known: [...error.known] };
  if (error instanceof Error)
    return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: 'Error', message: String(error) };
}

/** The error the worker threw, as the same class with the same fields. */
export function deserializeError(error: SerializedError): Error {
  if (error.name === 'ImageError' && 'code' in error) return new ImageError(error.code, error.message);
  if (error.name === 'UnknownModelVersionError' && 'known' in error)
    return new UnknownModelVersionError(error.version, error.known);
  if (error.name === 'ModelIntegrityError') return new ModelIntegrityError(error.message);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  if ('stack' in error && error.stack) rebuilt.stack = `${error.stack}\n    (in a face worker thread)`;
  return rebuilt;
}
