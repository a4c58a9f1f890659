import { describe, expect, it } from 'vitest';
import { TemplateMatrix } from './template-index.js';
import { createDotScanner } from './simd/dot-scanner.js';
import { similarity } from '../face/matching/similarity.js';
import { compileDotScan, renderModule } from '../../scripts/build-wasm.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Deterministic pseudo-random vectors (xorshift), so failures reproduce. */
function vectors(n: number, dims: number, seed = 7): Float32Array[] {
  let x = seed;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) / 0xffffffff) * 0.4 - 0.2;
  };
  return Array.from({ length: n }, () => Float32Array.from({ length: dims }, next));
}

describe('dot scanner', () => {
  it('gives the same dot products in wasm SIMD as in plain JS', () => {
    const rows = vectors(257, 128);
    const flat = new Float32Array(rows.length * 128);
    rows.forEach((r, i) => flat.set(r, i * 128));
    const [q] = vectors(1, 128, 99);
    const simd = Array.from(createDotScanner(flat, rows.length, 128, 'simd').scan(q!));
    const js = Array.from(createDotScanner(flat, rows.length, 128, 'js').scan(q!));
    simd.forEach((v, i) => expect(v).toBeCloseTo(js[i]!, 5));
  });

  it('ships the wasm compiled from the committed .wat', async () => {
    const committed = readFileSync(fileURLToPath(new URL('./simd/dot-scan-wasm.ts', import.meta.url)), 'utf8');
    expect(committed).toBe(renderModule(await compileDotScan()));
  });
});

describe('TemplateMatrix.search', () => {
  const dims = 128;
  const rows = vectors(300, dims).map((embedding, i) => ({ userId: `u${i % 100}`, embedding }));
  const matrix = TemplateMatrix.fromRows(rows, dims);

  for (const metric of ['euclidean', 'cosine'] as const) {
    it(`returns each user's best score, best users first, exactly as pairwise ${metric} similarity`, () => {
      const [query] = vectors(1, dims, 1234);
      const expected = new Map<string, number>();
      for (const r of rows)
        expected.set(r.userId, Math.max(expected.get(r.userId) ?? -Infinity, similarity(metric, query!, r.embedding)));
      const ranked = [...expected.entries()].sort((a, b) => b[1] - a[1]);
      const { hits, searched } = matrix.search(query!, metric, 3);
      expect(searched).toBe(300);
      expect(hits.map((h) => h.userId)).toEqual(ranked.slice(0, 3).map(([u]) => u));
      hits.forEach((h, i) => expect(h.score).toBeCloseTo(ranked[i]![1], 4));
    });
  }

  it('keeps the exact top k users online, whatever k, with a user excluded, over many queries', () => {
    const queries = vectors(20, dims, 4321);
    queries.forEach((query, q) => {
      const excluded = `u${(q * 37) % 100}`;
      const best = new Map<string, number>();
      for (const r of rows)
        if (r.userId !== excluded)
          best.set(r.userId, Math.max(best.get(r.userId) ?? -Infinity, similarity('euclidean', query, r.embedding)));
      const ranked = [...best.entries()].sort((a, b) => b[1] - a[1]);
      for (const k of [1, 2, 4]) {
        const { hits } = matrix.search(query, 'euclidean', k, excluded);
        expect(hits.map((h) => h.userId)).toEqual(ranked.slice(0, k).map(([u]) => u));
      }
    });
  });

  it('finds a stored template as a perfect match and can exclude its user', () => {
    const target = rows[42]!;
    const { hits } = matrix.search(target.embedding, 'euclidean', 2);
    expect(hits[0]).toMatchObject({ userId: target.userId });
    expect(hits[0]!.score).toBeCloseTo(1, 3);
    const without = matrix.search(target.embedding, 'euclidean', 1, target.userId);
    expect(without.hits[0]!.userId).not.toBe(target.userId);
  });

  it('adds and removes rows in place, growing past its capacity, with the answers of a matrix built afresh', () => {
    const live = TemplateMatrix.fromRows(rows.slice(0, 10), dims, 10);
    for (const r of rows.slice(10)) live.add(r.userId, r.embedding);
    expect(live.count).toBe(300);
    for (const gone of ['u7', 'u42', 'u99', 'u0']) expect(live.removeUser(gone)).toBe(3);
    expect(live.removeUser('u7')).toBe(0);
    const kept = rows.filter((r) => !['u7', 'u42', 'u99', 'u0'].includes(r.userId));
    const fresh = TemplateMatrix.fromRows(kept, dims);
    expect(live.count).toBe(kept.length);
    for (const [query] of [vectors(1, dims, 5), vectors(1, dims, 6), [rows[42]!.embedding]]) {
      for (const metric of ['euclidean', 'cosine'] as const) {
        const got = live.search(query!, metric, 5);
        const want = fresh.search(query!, metric, 5);
        expect(got.hits.map((h) => h.userId)).toEqual(want.hits.map((h) => h.userId));
        got.hits.forEach((h, i) => expect(h.score).toBeCloseTo(want.hits[i]!.score, 5));
      }
    }
  });

  it('searches an empty tenant without error', () => {
    expect(TemplateMatrix.fromRows([], dims).search(vectors(1, dims)[0]!, 'euclidean').hits).toEqual([]);
  });
});

describe('TemplateMatrix with a fused metric', () => {
  const fused = {
    kind: 'fusion' as const,
    parts: [
      { id: 'a', metric: 'euclidean' as const, dims: 8, mean: 0.2, sd: 0.1, weight: 0.7 },
      { id: 'b', metric: 'cosine' as const, dims: 24, mean: 0.04, sd: 0.11, weight: 0.3 },
    ],
  };

  it('ranks users by the fused score of their best template, as the pairwise similarity computes it', () => {
    const rows = vectors(60, 32, 3);
    const userIds = rows.map((_, i) => `u${i % 20}`);
    const matrix = TemplateMatrix.fromRows(
      rows.map((embedding, i) => ({ userId: userIds[i]!, embedding })),
      32,
    );
    const [q] = vectors(1, 32, 41);
    const best = new Map<string, number>();
    rows.forEach((r, i) =>
      best.set(userIds[i]!, Math.max(best.get(userIds[i]!) ?? -Infinity, similarity(fused, q!, r))),
    );
    const expected = [...best].sort((a, b) => b[1] - a[1]).slice(0, 3);
    const { hits, searched } = matrix.search(q!, fused, 3);
    expect(searched).toBe(60);
    expect(hits.map((h) => h.userId)).toEqual(expected.map((e) => e[0]));
    hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]![1], 5));
    // The user excluded (the enrolling one) never comes back.
    expect(matrix.search(q!, fused, 3, expected[0]![0]).hits.map((h) => h.userId)).not.toContain(expected[0]![0]);
  });
});
