/**
 * Similarity scores, higher = more alike, for each metric an embedder can be trained for. Pure maths, no tfjs, so
 * it also serves 1:N search over stored templates.
 */
import { cosineSimilarity } from './cosine-similarity.js';
import { euclideanDistance } from './euclidean-distance.js';
import { fusedSimilarity, type FusionMetric } from './fusion.js';

export { euclideanDistance };

/** A single network's metric, or a score-level fusion of several (./fusion.ts). */
export type SimilarityMetric = 'cosine' | 'euclidean' | FusionMetric;

/**
 * `euclidean`: 1 - distance, so dlib's classic "same person below 0.6" reads as a score above 0.4.
 * `cosine`: cosine similarity, -1..1.
 * fusion: weighted sum of the parts' z-normalised scores (./fusion.ts).
 */
export function similarity(metric: SimilarityMetric, a: Float32Array, b: Float32Array): number {
  if (typeof metric === 'object') return fusedSimilarity(metric, a, b);
  return metric === 'euclidean' ? 1 - euclideanDistance(a, b) : cosineSimilarity(a, b);
}
