/**
 * In-memory 1:N search index of a tenant's templates, one per (tenant, model version). Decrypting 100k templates
 * takes ~0.7 s, so it is loaded once and kept; this instance refreshes it on its own enrollments and deletions, and
 * other instances pick changes up within `ttlMs`.
 *
 * Search is an exact brute-force scan over one contiguous matrix, with the dot products in WebAssembly SIMD
 * (simd/dot-scan.wat); measured by `npm run bench:api`.
 */
import type { Repositories } from '../ports/repositories.js';
import type { SimilarityMetric } from '../face/matching/similarity.js';
import { combine, type FusionMetric } from '../face/matching/fusion.js';
import { createDotScanner, type DotScanner } from './simd/dot-scanner.js';

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
  /** Squared norm of each row (Euclidean) or its inverse norm (cosine). */
  private readonly norms: Float32Array;
  /** Row -> dense user number, so per-user maxima live in a typed array rather than a Map. */
  private readonly userOfRow: Int32Array;
  private readonly users: string[];
  private readonly scanner: DotScanner;

  constructor(
    userIds: readonly string[],
    readonly data: Float32Array,
    readonly dims: number,
  ) {
    this.count = userIds.length;
    this.norms = new Float32Array(this.count);
    this.userOfRow = new Int32Array(this.count);
    const numbers = new Map<string, number>();
    this.users = [];
    for (let r = 0; r < this.count; r++) {
      let s = 0;
      const o = r * dims;
      for (let i = 0; i < dims; i++) s += data[o + i]! * data[o + i]!;
      this.norms[r] = s;
      const id = userIds[r]!;
      let n = numbers.get(id);
      if (n === undefined) {
        n = this.users.length;
        numbers.set(id, n);
        this.users.push(id);
      }
      this.userOfRow[r] = n;
    }
    this.scanner = createDotScanner(data, this.count, dims);
  }

  /** Each user's templates (views into the matrix), for the tenant's self-calibration. */
  templatesByUser(): Map<string, Float32Array[]> {
    const out = new Map<string, Float32Array[]>();
    for (let r = 0; r < this.count; r++) {
      const id = this.users[this.userOfRow[r]!]!;
      const list = out.get(id) ?? [];
      list.push(this.data.subarray(r * this.dims, (r + 1) * this.dims));
      out.set(id, list);
    }
    return out;
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

  /**
   * Best score per user for `query`, keeping the top `k` users. The scan ranks rows by a monotone stand-in for the
   * score (2 q.t - |t|^2 for Euclidean, q.t / |t| for cosine) and converts only the winners, keeping the inner loop
   * to one dot product.
   */
  search(query: Float32Array, metric: SimilarityMetric, k = 2, excludeUserId?: string): SearchResult {
    const { dims, norms, userOfRow } = this;
    if (query.length !== dims) throw new Error(`Query has ${query.length} dims, index has ${dims}`);
    let qn = 0;
    for (let i = 0; i < dims; i++) qn += query[i]! * query[i]!;
    if (typeof metric === 'object') return this.searchFused(query, metric, k, excludeUserId);
    const best = new Float64Array(this.users.length).fill(-Infinity);
    const euclidean = metric === 'euclidean';
    const dots = this.count > 0 ? this.scanner.scan(query) : new Float32Array(0);
    for (let r = 0; r < this.count; r++) {
      const dot = dots[r]!;
      const rank = euclidean ? 2 * dot - norms[r]! : dot / (Math.sqrt(norms[r]!) || 1);
      const u = userOfRow[r]!;
      if (rank > best[u]!) best[u] = rank;
    }
    const top = this.topUsers(best, k, excludeUserId);
    const qnorm = Math.sqrt(qn) || 1;
    const hits = top.map(({ u, rank }) => ({
      userId: this.users[u]!,
      score: euclidean ? 1 - Math.sqrt(Math.max(0, qn - rank)) : rank / qnorm,
    }));
    return { hits, searched: this.count };
  }

  /**
   * Fused templates (several embedders side by side) are scored part by part in plain JS: each part needs its own
   * metric, so one dot product per row cannot rank them. ~5x slower than the SIMD scan; fine to ~100k templates.
   */
  private searchFused(query: Float32Array, metric: FusionMetric, k: number, excludeUserId?: string): SearchResult {
    const { dims, data, userOfRow } = this;
    const best = new Float64Array(this.users.length).fill(-Infinity);
    const parts = metric.parts;
    const scores = new Array<number>(parts.length);
    const qn = parts.map((_, p) => {
      const o = parts.slice(0, p).reduce((s, x) => s + x.dims, 0);
      let s = 0;
      for (let i = o; i < o + parts[p]!.dims; i++) s += query[i]! * query[i]!;
      return s;
    });
    for (let r = 0; r < this.count; r++) {
      let o = 0;
      const base = r * dims;
      for (let p = 0; p < parts.length; p++) {
        const part = parts[p]!;
        let dot = 0;
        let tn = 0;
        for (let i = o; i < o + part.dims; i++) {
          const t = data[base + i]!;
          dot += query[i]! * t;
          tn += t * t;
        }
        scores[p] =
          part.metric === 'euclidean'
            ? 1 - Math.sqrt(Math.max(0, qn[p]! + tn - 2 * dot))
            : dot / (Math.sqrt(qn[p]! * tn) || 1);
        o += part.dims;
      }
      const score = combine(metric, scores);
      const u = userOfRow[r]!;
      if (score > best[u]!) best[u] = score;
    }
    const top = this.topUsers(best, k, excludeUserId);
    return { hits: top.map(({ u, rank }) => ({ userId: this.users[u]!, score: rank })), searched: this.count };
  }

  private topUsers(best: Float64Array, k: number, excludeUserId?: string): { u: number; rank: number }[] {
    const excluded = excludeUserId === undefined ? -1 : this.users.indexOf(excludeUserId);
    const top: { u: number; rank: number }[] = [];
    for (let u = 0; u < best.length; u++) {
      if (u === excluded || best[u] === -Infinity) continue;
      if (top.length < k || best[u]! > top[top.length - 1]!.rank) {
        top.push({ u, rank: best[u]! });
        top.sort((a, b) => b.rank - a.rank);
        if (top.length > k) top.pop();
      }
    }
    return top;
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
