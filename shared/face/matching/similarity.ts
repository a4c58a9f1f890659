/**
 * Similarity scores, higher = more alike, for each metric an embedder can be trained for. Pure maths, no tfjs, so
 * it also serves 1:N search over stored templates.
 */
import { cosineSimilarity } from './cosine-similarity.js';

export type SimilarityMetric = 'cosine' | 'euclidean';

export function euclideanDistance(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`Embedding dimensions differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return Math.sqrt(s);
}

/**
 * `euclidean`: 1 - distance, so dlib's classic "same person below 0.6" reads as a score above 0.4.
 * `cosine`: cosine similarity, -1..1.
 */
export function similarity(metric: SimilarityMetric, a: Float32Array, b: Float32Array): number {
  return metric === 'euclidean' ? 1 - euclideanDistance(a, b) : cosineSimilarity(a, b);
}
