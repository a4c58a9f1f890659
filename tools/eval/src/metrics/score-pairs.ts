import type { ImageOutcome } from './image-outcome.js';

/** Images of a pair by their key in the outcome map. */
export interface PairImages {
  a: string;
  b: string;
}

/**
 * Similarity of each pair from cached embeddings; `null` when either image has no embedding (failure to acquire),
 * which the metrics count as -Infinity. Throws if an image was never analysed: that is a pipeline bug, not data.
 */
export function scorePairs(
  pairs: readonly PairImages[],
  outcomes: ReadonlyMap<string, ImageOutcome>,
  similarity: (a: Float32Array, b: Float32Array) => number,
): (number | null)[] {
  return pairs.map((pair) => {
    const a = outcomes.get(pair.a);
    const b = outcomes.get(pair.b);
    if (!a || !b) throw new Error(`pair (${pair.a}, ${pair.b}) refers to an image that was not analysed`);
    if (!a.embedding || !b.embedding) return null;
    const score = similarity(a.embedding, b.embedding);
    if (!Number.isFinite(score)) throw new Error(`similarity of (${pair.a}, ${pair.b}) is ${score}`);
    return score;
  });
}
