/**
 * In-memory 1:N search index of a tenant's templates, one per (tenant, model version). Decrypting 100k templates
 * takes ~0.7 s, so it is loaded once and kept; this instance refreshes it on its own enrollments and deletions, and
 * other instances pick changes up within `ttlMs`.
 *
 * Search is a brute-force scan over one contiguous Float32Array: for 128-d vectors that is cache-friendly and
 * exact, and measured in `npm run bench:api`.
 */
import type { Repositories } from '../ports/repositories.js';
import type { SimilarityMetric } from '../face/matching/similarity.js';

export interface IndexHit {
  userId: string;
  score: number;
}

/** Best score per user, best first, at most `k` users. */
export interface SearchResult {
  hits: IndexHit[];
  searched: number;
}

export class TemplateMatrix {
  readonly count: number;
  private readonly norms: Float32Array;

  constructor(
    readonly userIds: readonly string[],
    readonly data: Float32Array,
    readonly dims: number,
  ) {
    this.count = userIds.length;
    this.norms = new Float32Array(this.count);
    for (let r = 0; r < this.count; r++) {
      let s = 0;
      const o = r * dims;
      for (let i = 0; i < dims; i++) s += data[o + i]! * data[o + i]!;
      this.norms[r] = s;
    }
  }

  static fromRows(rows: readonly { userId: string; embedding: Float32Array }[], dims: number): TemplateMatrix {
    const data = new Float32Array(rows.length * dims);
    rows.forEach((r, i) => data.set(r.embedding, i * dims));
    return new TemplateMatrix(
      rows.map((r) => r.userId),
      data,
      dims,
    );
  }

  /** Best score per user for `query`, keeping the top `k` users. */
  search(query: Float32Array, metric: SimilarityMetric, k = 2, excludeUserId?: string): SearchResult {
    const { dims, data } = this;
    let qn = 0;
    for (let i = 0; i < dims; i++) qn += query[i]! * query[i]!;
    const best = new Map<string, number>();
    for (let r = 0; r < this.count; r++) {
      const o = r * dims;
      let dot = 0;
      for (let i = 0; i < dims; i++) dot += query[i]! * data[o + i]!;
      const score =
        metric === 'euclidean'
          ? 1 - Math.sqrt(Math.max(0, qn + this.norms[r]! - 2 * dot))
          : dot / (Math.sqrt(qn * this.norms[r]!) || 1);
      const user = this.userIds[r]!;
      if (user === excludeUserId) continue;
      const prev = best.get(user);
      if (prev === undefined || score > prev) best.set(user, score);
    }
    const hits = [...best.entries()]
      .map(([userId, score]) => ({ userId, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
    return { hits, searched: this.count };
  }
}

export class TemplateIndex {
  private readonly cache = new Map<string, { loadedAt: number; matrix: Promise<TemplateMatrix> }>();

  constructor(
    private readonly repos: Repositories,
    private readonly nowMs: () => number,
    private readonly ttlMs = 30_000,
  ) {}

  matrix(tenantId: string, modelVersion: string, dims: number): Promise<TemplateMatrix> {
    const key = `${tenantId}\u0000${modelVersion}`;
    const hit = this.cache.get(key);
    if (hit && this.nowMs() - hit.loadedAt < this.ttlMs) return hit.matrix;
    const matrix = this.repos
      .forTenant(tenantId)
      .templates.listByModel(modelVersion)
      .then((rows) => TemplateMatrix.fromRows(rows, dims));
    matrix.catch(() => this.cache.delete(key));
    this.cache.set(key, { loadedAt: this.nowMs(), matrix });
    return matrix;
  }

  /** Forget a tenant's matrices after an enrollment or deletion on this instance. */
  invalidate(tenantId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${tenantId}\u0000`)) this.cache.delete(key);
  }
}
