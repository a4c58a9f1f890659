/**
 * In-memory 1:N search index of a tenant's templates, one per (tenant, model version). Loaded (and decrypted) once
 * per instance; after that it follows the database's template change log (`Templates.changesAfter`): every
 * `refreshMs` at most, before a search, it re-reads only the users whose templates were added or deleted since the
 * last change it saw, on any instance, and patches the matrix in place. Never a full reload on a timer.
 *
 * Search is exact and brute force. From `QUANTIZE_FROM_ROWS` rows on it scans an int8 copy of the matrix (a quarter of
 * the memory traffic) and scores exactly, on the float rows, only the rows its error bounds cannot rule out
 * (int8-search.ts); below that, one float scan. Dot products in WebAssembly SIMD (simd/dot-scan.wat); measured by
 * `npm run bench:api`.
 */
import type { Repositories, Templates } from '../ports/repositories.js';
import type { SimilarityMetric } from '../face/matching/similarity.js';
import { combine, type FusionMetric } from '../face/matching/fusion.js';
import { createDotScanner, type DotScanner } from './simd/dot-scanner.js';
import { Int8Rows } from './simd/int8-rows.js';
import { searchQuantized, type ScoredPart } from './int8-search.js';
import { templateChangeKey } from '../domain/template-change-key.js';

export interface IndexHit {
  userId: string;
  score: number;
}

/** Best score per user, best first, at most `k` users. */
export interface SearchResult {
  hits: IndexHit[];
  searched: number;
}

/** What a 1:N search runs on: the tenant's templates of one model version, searched for a query. */
export interface SearchableTemplates {
  search(query: Float32Array, metric: SimilarityMetric, k?: number, excludeUserId?: string): SearchResult;
  /** Each user's templates, for the tenant's self-calibration (tenant-thresholds.ts). */
  templatesByUser(): Map<string, Float32Array[]>;
  /** Bumped by every change patched in place, so followers (self-calibration) know to look again. */
  readonly version: number;
}

/**
 * The port the use cases search through. This in-memory index is one adapter; a tenant beyond one instance's
 * memory would get another (a database or vector service holding the embeddings), fed by the same change log.
 */
export interface IdentifyIndex {
  matrix(tenantId: string, modelVersion: string, dims: number): Promise<SearchableTemplates>;
  /** After a template add or delete on this instance: the next search sees it. */
  invalidate(tenantId: string): void;
}

/**
 * From this many rows the int8 pass pays for itself: for one network's template the float SIMD scan is as fast up to
 * ~100k rows (bench:api), for a fused one (scored in plain JS on the floats) from a few thousand.
 */
export const QUANTIZE_FROM_ROWS = { single: 200_000, fused: 4096 };

export interface TemplateMatrixOptions {
  /** `auto`: int8 first pass from QUANTIZE_FROM_ROWS rows; `int8`/`float`: always/never (tests, benchmarks). */
  scan?: 'auto' | 'int8' | 'float';
}

export class TemplateMatrix implements SearchableTemplates {
  private rowCount: number;
  /** Squared norm of each row (Euclidean) or its inverse norm (cosine). */
  private norms: Float32Array;
  /** Row -> dense user number, so per-user maxima live in a typed array rather than a Map. */
  private userOfRow: Int32Array;
  private readonly users: string[] = [];
  private readonly userNumbers = new Map<string, number>();
  private scanner: DotScanner;
  private changes = 0;
  /**
   * Per-user best rank, kept between searches: allocating 8 bytes per user for each search (8 MB at 1M) cost more
   * than the scan itself (page faults on fresh memory, ~85 ms of a 1M search on this machine).
   */
  private bestScratch = new Float64Array(0);
  /** The int8 copy for the first pass, built at the first search that uses it, for that metric's parts. */
  private int8: { rows: Int8Rows; parts: string } | null = null;
  /** Which first pass searches use (settable, so a benchmark can time both on one matrix). */
  scanMode: 'auto' | 'int8' | 'float';
  /** Rows the last int8 search scored exactly (benchmarks report it). */
  lastRescored = 0;

  /** `capacity` (default: the rows given) leaves room to add rows without copying the matrix. */
  constructor(
    userIds: readonly string[],
    data: Float32Array,
    readonly dims: number,
    capacity = userIds.length,
    options: TemplateMatrixOptions = {},
  ) {
    this.scanMode = options.scan ?? 'auto';
    this.rowCount = userIds.length;
    this.norms = new Float32Array(capacity);
    this.userOfRow = new Int32Array(capacity);
    this.scanner = createDotScanner(data, this.rowCount, dims, 'simd', capacity);
    for (let r = 0; r < this.rowCount; r++) this.setRowMeta(r, userIds[r]!);
  }

  static fromRows(
    rows: readonly { userId: string; embedding: Float32Array }[],
    dims: number,
    capacity = rows.length,
    options: TemplateMatrixOptions = {},
  ): TemplateMatrix {
    const data = new Float32Array(rows.length * dims);
    rows.forEach((r, i) => data.set(r.embedding, i * dims));
    return new TemplateMatrix(
      rows.map((r) => r.userId),
      data,
      dims,
      capacity,
      options,
    );
  }

  /** Users with at least one row here (ids of removed users may linger until the next full load). */
  userIds(): readonly string[] {
    return this.users;
  }

  /** Each user's templates (views into the matrix), for the tenant's self-calibration. */
  templatesByUser(): Map<string, Float32Array[]> {
    const out = new Map<string, Float32Array[]>();
    const rows = this.scanner.rows;
    for (let r = 0; r < this.rowCount; r++) {
      const id = this.users[this.userOfRow[r]!]!;
      const list = out.get(id) ?? [];
      list.push(rows.subarray(r * this.dims, (r + 1) * this.dims));
      out.set(id, list);
    }
    return out;
  }

  get version(): number {
    return this.changes;
  }

  /** Bytes held by the int8 copy (0 until a search builds it). */
  get int8Bytes(): number {
    return this.int8?.rows.memoryBytes ?? 0;
  }

  /** Rows (templates) searched. */
  get count(): number {
    return this.rowCount;
  }

  /** Appends a template of `userId`; grows the storage (doubling, one copy) when it is full. */
  add(userId: string, embedding: Float32Array): void {
    if (embedding.length !== this.dims) throw new Error(`Row has ${embedding.length} dims, index has ${this.dims}`);
    if (this.rowCount === this.scanner.capacity) this.grow(Math.max(1024, this.scanner.capacity * 2));
    this.scanner.rows.set(embedding, this.rowCount * this.dims);
    this.int8?.rows.set(this.rowCount, embedding);
    this.setRowMeta(this.rowCount, userId);
    this.rowCount++;
    this.changes++;
  }

  /** Drops every template of `userId` (the last rows move into the gaps); returns how many. */
  removeUser(userId: string): number {
    const u = this.userNumbers.get(userId);
    if (u === undefined) return 0;
    const { dims, userOfRow, norms } = this;
    const rows = this.scanner.rows;
    let removed = 0;
    for (let r = 0; r < this.rowCount;) {
      if (userOfRow[r] !== u) {
        r++;
        continue;
      }
      const last = this.rowCount - 1;
      if (r !== last) {
        rows.copyWithin(r * dims, last * dims, last * dims + dims);
        norms[r] = norms[last]!;
        userOfRow[r] = userOfRow[last]!;
        this.int8?.rows.move(r, last);
      }
      this.rowCount--;
      removed++;
    }
    if (removed > 0) this.changes++;
    return removed;
  }

  private setRowMeta(r: number, userId: string): void {
    const { dims } = this;
    const rows = this.scanner.rows;
    let s = 0;
    const o = r * dims;
    for (let i = 0; i < dims; i++) s += rows[o + i]! * rows[o + i]!;
    this.norms[r] = s;
    let n = this.userNumbers.get(userId);
    if (n === undefined) {
      n = this.users.length;
      this.userNumbers.set(userId, n);
      this.users.push(userId);
    }
    this.userOfRow[r] = n;
  }

  private grow(capacity: number): void {
    this.scanner = createDotScanner(this.scanner.rows, this.rowCount, this.dims, 'simd', capacity);
    const norms = new Float32Array(capacity);
    norms.set(this.norms.subarray(0, this.rowCount));
    this.norms = norms;
    const userOfRow = new Int32Array(capacity);
    userOfRow.set(this.userOfRow.subarray(0, this.rowCount));
    this.userOfRow = userOfRow;
    if (this.int8) this.int8 = { ...this.int8, rows: this.int8.rows.grown(capacity, this.rowCount) };
  }

  /** The metric's parts: one for a single network, one per network of a fusion. */
  private scoredParts(metric: SimilarityMetric): ScoredPart[] {
    if (typeof metric !== 'object') return [{ offset: 0, dims: this.dims, metric, mean: 0, sd: 1, weight: 1 }];
    let offset = 0;
    return metric.parts.map((p) => {
      const part = { offset, dims: p.dims, metric: p.metric, mean: p.mean, sd: p.sd, weight: p.weight };
      offset += p.dims;
      return part;
    });
  }

  /** The int8 copy for these parts (built or rebuilt now), or null when the float scan should run. */
  private int8Rows(parts: readonly ScoredPart[]): Int8Rows | null {
    const from = parts.length > 1 ? QUANTIZE_FROM_ROWS.fused : QUANTIZE_FROM_ROWS.single;
    if (this.scanMode === 'float' || (this.scanMode === 'auto' && this.rowCount < from)) return null;
    const key = JSON.stringify(parts);
    if (this.int8?.parts === key) return this.int8.rows;
    if (parts.reduce((s, p) => s + p.dims, 0) !== this.dims) return null;
    const rows = Int8Rows.create(parts, this.scanner.capacity);
    if (!rows) return null;
    const data = this.scanner.rows;
    for (let r = 0; r < this.rowCount; r++) rows.set(r, data.subarray(r * this.dims, (r + 1) * this.dims));
    this.int8 = { rows, parts: key };
    return rows;
  }

  /**
   * Best score per user for `query`, keeping the top `k` users. The scan ranks rows by a monotone stand-in for the
   * score (2 q.t - |t|^2 for Euclidean, q.t / |t| for cosine) and converts only the winners, keeping the inner loop
   * to one dot product.
   */
  search(query: Float32Array, metric: SimilarityMetric, k = 2, excludeUserId?: string): SearchResult {
    const { dims, norms, userOfRow } = this;
    const count = this.rowCount;
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number ≥ 1, got ${k}`);
    if (query.length !== dims) throw new Error(`Query has ${query.length} dims, index has ${dims}`);
    const parts = this.scoredParts(metric);
    const int8 = count > 0 ? this.int8Rows(parts) : null;
    if (int8) {
      const excluded = excludeUserId === undefined ? -1 : (this.userNumbers.get(excludeUserId) ?? -1);
      const input = { int8, rows: this.scanner.rows, dims, count, userOfRow, parts };
      const { top, rescored } = searchQuantized(input, query, k, excluded);
      this.lastRescored = rescored;
      return { hits: top.map(({ u, score }) => ({ userId: this.users[u]!, score })), searched: count };
    }
    let qn = 0;
    for (let i = 0; i < dims; i++) qn += query[i]! * query[i]!;
    if (typeof metric === 'object') return this.searchFused(query, metric, k, excludeUserId);
    const euclidean = metric === 'euclidean';
    const dots = count > 0 ? this.scanner.scan(query, count) : new Float32Array(0);
    // The k best users kept online (exact: a user evicted at the minimum comes back with any better row later), so
    // almost every row costs one compare with the threshold and no per-user write.
    const excluded = excludeUserId === undefined ? -1 : (this.userNumbers.get(excludeUserId) ?? -1);
    const topU = new Int32Array(k);
    const topRank = new Float64Array(k);
    let size = 0;
    let threshold = -Infinity;
    for (let r = 0; r < count; r++) {
      const dot = dots[r]!;
      const rank = euclidean ? 2 * dot - norms[r]! : dot / (Math.sqrt(norms[r]!) || 1);
      if (!(rank > threshold)) continue;
      const u = userOfRow[r]!;
      if (u === excluded) continue;
      let slot = 0;
      while (slot < size && topU[slot] !== u) slot++;
      if (slot < size) {
        if (rank > topRank[slot]!) topRank[slot] = rank;
      } else if (size < k) {
        topU[size] = u;
        topRank[size++] = rank;
      } else {
        let min = 0;
        for (let i = 1; i < k; i++) if (topRank[i]! < topRank[min]!) min = i;
        topU[min] = u;
        topRank[min] = rank;
      }
      if (size === k) {
        threshold = topRank[0]!;
        for (let i = 1; i < k; i++) if (topRank[i]! < threshold) threshold = topRank[i]!;
      }
    }
    const top = Array.from({ length: size }, (_, i) => ({ u: topU[i]!, rank: topRank[i]! })).sort(
      (a, b) => b.rank - a.rank || a.u - b.u,
    );
    const qnorm = Math.sqrt(qn) || 1;
    const hits = top.map(({ u, rank }) => ({
      userId: this.users[u]!,
      score: euclidean ? 1 - Math.sqrt(Math.max(0, qn - rank)) : rank / qnorm,
    }));
    return { hits, searched: count };
  }

  /**
   * Fused templates (several embedders side by side) below QUANTIZE_FROM_ROWS are scored part by part in plain JS:
   * each part needs its own metric, so one dot product per row cannot rank them (the int8 pass bounds each part).
   */
  private searchFused(query: Float32Array, metric: FusionMetric, k: number, excludeUserId?: string): SearchResult {
    const { dims, userOfRow } = this;
    const data = this.scanner.rows;
    const count = this.rowCount;
    const best = this.bestPerUser();
    const parts = metric.parts;
    const scores = new Array<number>(parts.length);
    const qn = parts.map((_, p) => {
      const o = parts.slice(0, p).reduce((s, x) => s + x.dims, 0);
      let s = 0;
      for (let i = o; i < o + parts[p]!.dims; i++) s += query[i]! * query[i]!;
      return s;
    });
    for (let r = 0; r < count; r++) {
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
    return { hits: top.map(({ u, rank }) => ({ userId: this.users[u]!, score: rank })), searched: count };
  }

  /** The reused per-user maxima, one slot per user, reset to -Infinity. */
  private bestPerUser(): Float64Array {
    const n = this.users.length;
    if (this.bestScratch.length < n) this.bestScratch = new Float64Array(Math.max(1024, Math.ceil(n * 1.25)));
    return this.bestScratch.subarray(0, n).fill(-Infinity);
  }

  private topUsers(best: Float64Array, k: number, excludeUserId?: string): { u: number; rank: number }[] {
    const excluded = excludeUserId === undefined ? -1 : (this.userNumbers.get(excludeUserId) ?? -1);
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

/** How far back (ms) a refresh looks for changes numbered before the last one seen but committed after it. */
const COMMIT_LOOKBACK_MS = 15_000;
const CHANGES_PER_READ = 1000;

interface IndexEntry {
  matrix: TemplateMatrix;
  /** Newest change number applied. */
  lastSeq: number;
  /** Newest change time seen (the writers' clocks), for the look-back. */
  lastChangeAt: number;
  checkedAt: number;
  /** templateChangeKey -> user id of the users here, built on the first erasure seen (hashing every user once). */
  keys?: Map<string, string>;
}

export class TemplateIndex implements IdentifyIndex {
  private readonly entries = new Map<string, Promise<IndexEntry>>();
  private readonly refreshing = new Map<string, Promise<void>>();
  /** Full loads and incremental refreshes done (tests and benchmarks read these). */
  readonly stats = { loads: 0, refreshes: 0, usersReread: 0 };

  constructor(
    private readonly repos: Repositories,
    private readonly nowMs: () => number,
    /** How stale a search may be: a change on another instance shows within this. */
    private readonly refreshMs = 5_000,
  ) {}

  async matrix(tenantId: string, modelVersion: string, dims: number): Promise<TemplateMatrix> {
    const key = `${tenantId}\u0000${modelVersion}`;
    let loading = this.entries.get(key);
    if (!loading) {
      loading = this.load(tenantId, modelVersion, dims);
      loading.catch(() => this.entries.delete(key));
      this.entries.set(key, loading);
    }
    const entry = await loading;
    if (this.nowMs() - entry.checkedAt >= this.refreshMs) {
      let refresh = this.refreshing.get(key);
      if (!refresh) {
        refresh = this.refresh(tenantId, modelVersion, entry).finally(() => this.refreshing.delete(key));
        this.refreshing.set(key, refresh);
      }
      await refresh;
    }
    return entry.matrix;
  }

  /**
   * After an enrollment or deletion on this instance: the tenant's next search catches up with the change log
   * first (an incremental refresh, not a reload).
   */
  invalidate(tenantId: string): void {
    for (const [key, entry] of this.entries) {
      if (key.startsWith(`${tenantId}\u0000`))
        void entry.then(
          (e) => (e.checkedAt = -Infinity),
          () => undefined,
        );
    }
  }

  private async load(tenantId: string, modelVersion: string, dims: number): Promise<IndexEntry> {
    const templates = this.repos.forTenant(tenantId).templates;
    // The change number first: whatever changes while the rows are read is re-read by the refresh below.
    const lastSeq = await templates.lastChange();
    const startedAt = this.nowMs();
    const rows = await templates.listByModel(modelVersion);
    this.stats.loads++;
    // Headroom for enrollments, so the first ones do not copy the whole matrix.
    const matrix = TemplateMatrix.fromRows(rows, dims, Math.max(1024, Math.ceil(rows.length * 1.05)));
    const entry: IndexEntry = { matrix, lastSeq, lastChangeAt: startedAt, checkedAt: -Infinity };
    await this.apply(tenantId, templates, modelVersion, entry);
    return entry;
  }

  private async refresh(tenantId: string, modelVersion: string, entry: IndexEntry): Promise<void> {
    await this.apply(tenantId, this.repos.forTenant(tenantId).templates, modelVersion, entry);
    this.stats.refreshes++;
  }

  /** Re-reads the users changed after `entry.lastSeq` (and recently, see COMMIT_LOOKBACK_MS) into the matrix. */
  private async apply(tenantId: string, templates: Templates, modelVersion: string, entry: IndexEntry): Promise<void> {
    const checkedAt = this.nowMs();
    let since = entry.lastChangeAt - COMMIT_LOOKBACK_MS;
    let after = entry.lastSeq;
    for (;;) {
      const changes = await templates.changesAfter({ after, since, limit: CHANGES_PER_READ });
      const reread = [...new Set(changes.flatMap((c) => (c.userId === undefined ? [] : [c.userId])))];
      const erasedKeys = new Set(changes.flatMap((c) => (c.userId === undefined ? [c.userKey] : [])));
      const current = await Promise.all(reread.map((u) => templates.listByUser(u, modelVersion)));
      // Synchronous from here: a search never sees a user half-updated.
      if (erasedKeys.size > 0 && !entry.keys) {
        entry.keys = new Map(entry.matrix.userIds().map((u) => [templateChangeKey(tenantId, u), u]));
      }
      for (const key of erasedKeys) {
        const userId = entry.keys?.get(key);
        if (userId !== undefined) entry.matrix.removeUser(userId);
      }
      reread.forEach((userId, i) => {
        entry.matrix.removeUser(userId);
        for (const t of current[i]!) entry.matrix.add(userId, t.embedding);
        entry.keys?.set(templateChangeKey(tenantId, userId), userId);
      });
      this.stats.usersReread += reread.length;
      for (const c of changes) {
        entry.lastSeq = Math.max(entry.lastSeq, c.seq);
        entry.lastChangeAt = Math.max(entry.lastChangeAt, c.createdAt);
      }
      if (changes.length < CHANGES_PER_READ) break;
      after = changes.at(-1)!.seq;
      // The look-back rows came with the first read.
      since = Number.MAX_SAFE_INTEGER;
    }
    entry.checkedAt = checkedAt;
  }
}
