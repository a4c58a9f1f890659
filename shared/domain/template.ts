/**
 * A face template: the embedding of one capture by one model. Comparisons never mix model
 * versions. The embedding is encrypted at rest; in memory it is plain float32.
 */
export interface Template {
  id: string;
  tenantId: string;
  userId: string;
  enrollmentId: string | null;
  captureId: string;
  modelVersion: string;
  dims: number;
  embedding: Float32Array;
  /** Quality score of the capture the template came from, as the engine rated it. */
  qualityScore: number;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** Largest embedding a template row holds (the `blob` column's 64 KiB, with room for IV and tag). */
export const TEMPLATE_MAX_DIMS = 8192;

/**
 * Why an embedding cannot be stored, or null when it can: it must be non-empty, not absurdly
 * large and hold only finite numbers (a NaN would silently poison every comparison).
 */
export function embeddingProblem(embedding: Float32Array): string | null {
  if (embedding.length === 0) return 'embedding is empty';
  if (embedding.length > TEMPLATE_MAX_DIMS)
    return `embedding has ${embedding.length} dims, more than ${TEMPLATE_MAX_DIMS}`;
  for (let i = 0; i < embedding.length; i++) {
    if (!Number.isFinite(embedding[i])) return `embedding[${i}] is not finite`;
  }
  return null;
}
