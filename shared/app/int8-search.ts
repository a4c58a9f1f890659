/**
 * Exact 1:N search in two passes. The int8 rows (simd/int8-rows.ts) bound every row's score from above in wasm SIMD;
 * a row is scored exactly, on the float rows, only when that bound reaches the floor: the k-th best user score
 * among the rows scored so far (never above the true k-th best, so no row that matters is dropped). The rows go in
 * chunks that start small, so the floor rises after a few hundred rows. The answer is the exact search's, scores
 * included, for about a quarter of the float scan's memory traffic.
 */
import { FILTER_CHUNK, type Int8Rows, type ScoredPart } from './simd/int8-rows.js';

export type { ScoredPart };

export interface QuantizedSearchInput {
  int8: Int8Rows;
  /** The float rows, `dims` apart: the exact scores come from these. */
  rows: Float32Array;
  dims: number;
  count: number;
  userOfRow: Int32Array;
  parts: readonly ScoredPart[];
}

export interface ScoredUser {
  u: number;
  score: number;
}

const FIRST_CHUNK = 256;

/** The k best users (best score per user), excluding user number `excluded` (-1: none), best first. */
export function searchQuantized(
  input: QuantizedSearchInput,
  query: Float32Array,
  k: number,
  excluded: number,
): { top: ScoredUser[]; rescored: number } {
  const { int8, count, userOfRow } = input;
  const qn = int8.prepare(query);
  const best = new Map<number, number>();
  let floor = -Infinity;
  let rescored = 0;
  for (let start = 0, size = FIRST_CHUNK; start < count; start += size, size = Math.min(size * 4, FILTER_CHUNK)) {
    const { rows, highs } = int8.filter(start, Math.min(count, start + size), floor);
    let changed = false;
    for (let i = 0; i < rows.length; i++) {
      if (highs[i]! < floor) continue;
      const r = rows[i]!;
      const u = userOfRow[r]!;
      if (u === excluded) continue;
      const score = exactScore(input, query, qn, r);
      rescored++;
      const had = best.get(u);
      if (had === undefined || score > had) {
        best.set(u, score);
        changed = true;
      }
    }
    if (changed && best.size >= k) floor = kthLargest(best, k);
  }
  const top: ScoredUser[] = [...best]
    .map(([u, score]) => ({ u, score }))
    .sort((a, b) => b.score - a.score || a.u - b.u)
    .slice(0, k);
  return { top, rescored };
}

/** The row's score as the float search computes it (per part, z-normalised and weighted for a fusion). */
function exactScore(input: QuantizedSearchInput, query: Float32Array, qn: number[], r: number): number {
  const { rows, dims, parts } = input;
  const base = r * dims;
  let s = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    let dot = 0;
    let tn = 0;
    for (let i = part.offset; i < part.offset + part.dims; i++) {
      const t = rows[base + i]!;
      dot += query[i]! * t;
      tn += t * t;
    }
    const score =
      part.metric === 'euclidean'
        ? 1 - Math.sqrt(Math.max(0, qn[p]! + tn - 2 * dot))
        : dot / (Math.sqrt(qn[p]! * tn) || 1);
    s += (part.weight * (score - part.mean)) / part.sd;
  }
  return s;
}

function kthLargest(best: Map<number, number>, k: number): number {
  return [...best.values()].sort((a, b) => b - a)[k - 1]!;
}
