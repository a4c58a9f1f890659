import { describe, expect, it } from 'vitest';
import { TemplateMatrix } from './template-index.js';
import { Int8Rows } from './simd/int8-rows.js';
import { similarity, type SimilarityMetric } from '../face/matching/similarity.js';

/** Deterministic pseudo-random numbers in [-1, 1) (xorshift), so failures reproduce. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) / 0xffffffff) * 2 - 1;
  };
}

const random = (n: number, dims: number, seed: number) => {
  const next = rng(seed);
  return Array.from({ length: n }, () => Float32Array.from({ length: dims }, () => next() * 0.2));
};

/** Rows in tight clusters (faces of look-alikes): many near-ties for the bounds to separate. */
const clustered = (n: number, dims: number, seed: number, spread = 0.01) => {
  const next = rng(seed);
  const centres = random(40, dims, seed + 1);
  return Array.from({ length: n }, (_, i) => Float32Array.from(centres[i % 40]!, (v) => v + next() * spread));
};

const fused: SimilarityMetric = {
  kind: 'fusion',
  parts: [
    { id: 'a', metric: 'euclidean', dims: 32, mean: 0.2, sd: 0.1, weight: 0.85 },
    { id: 'b', metric: 'cosine', dims: 96, mean: 0.04, sd: 0.11, weight: 0.15 },
  ],
};

function exactTop(rows: Float32Array[], users: string[], query: Float32Array, metric: SimilarityMetric, k: number) {
  const best = new Map<string, number>();
  rows.forEach((r, i) => best.set(users[i]!, Math.max(best.get(users[i]!) ?? -Infinity, similarity(metric, query, r))));
  return [...best].sort((a, b) => b[1] - a[1]).slice(0, k);
}

describe('int8 first pass', () => {
  it('bounds every row score from above, per part and fused', () => {
    const parts = [
      { offset: 0, dims: 32, metric: 'euclidean' as const, mean: 0.2, sd: 0.1, weight: 0.85 },
      { offset: 32, dims: 96, metric: 'cosine' as const, mean: 0.04, sd: 0.11, weight: 0.15 },
    ];
    const data = [...random(200, 128, 9), ...clustered(200, 128, 4)];
    const whole = { offset: 0, dims: 128, mean: 0, sd: 1, weight: 1 };
    for (const scoring of [
      [{ ...whole, metric: 'euclidean' as const }],
      [{ ...whole, metric: 'cosine' as const }],
      parts,
    ]) {
      const rows = Int8Rows.create(scoring, data.length)!;
      data.forEach((r, i) => rows.set(i, r));
      for (const query of [...random(3, 128, 5), Float32Array.from(data[7]!)]) {
        rows.prepare(query);
        const { rows: passed, highs } = rows.filter(0, data.length, -Infinity);
        expect(passed.length).toBe(data.length);
        const metric: SimilarityMetric = scoring.length === 2 ? fused : scoring[0]!.metric;
        passed.forEach((r, i) => {
          const exact = similarity(metric, query, data[r]!);
          expect(highs[i]!).toBeGreaterThanOrEqual(exact);
          // Tight enough to rule rows out: within a fraction of the score range (sqrt makes it widest at distance 0).
          expect(highs[i]! - exact).toBeLessThan(scoring.length === 2 ? 1 : 0.1);
        });
        // A floor above every bound leaves nothing to score.
        expect(rows.filter(0, data.length, Math.max(...highs) + 1e-3).rows.length).toBe(0);
      }
    }
  });

  it('declines widths that are not a multiple of 16 (the float scan runs instead)', () => {
    const part = { offset: 0, dims: 24, metric: 'cosine' as const, mean: 0, sd: 1, weight: 1 };
    expect(Int8Rows.create([part], 4)).toBeNull();
  });
});

describe('int8 search with an exact re-rank', () => {
  const cases: [string, (n: number, d: number, s: number) => Float32Array[]][] = [
    ['random', random],
    ['clustered', clustered],
  ];
  const metrics: [string, SimilarityMetric, number][] = [
    ['euclidean', 'euclidean', 128],
    ['cosine', 'cosine', 128],
    ['fused', fused, 128],
  ];
  for (const [data, make] of cases) {
    for (const [name, metric, dims] of metrics) {
      it(`returns the exact top k users and their float scores (${data} data, ${name})`, () => {
        const rows = make(3000, dims, 11);
        const users = rows.map((_, i) => `u${i % 1000}`);
        const int8 = TemplateMatrix.fromRows(
          rows.map((embedding, i) => ({ userId: users[i]!, embedding })),
          dims,
          rows.length,
          { scan: 'int8' },
        );
        const float = TemplateMatrix.fromRows(
          rows.map((embedding, i) => ({ userId: users[i]!, embedding })),
          dims,
          rows.length,
          { scan: 'float' },
        );
        const next = rng(77);
        // Fresh queries and near-copies of stored rows (a returning user).
        const queries = [
          ...make(6, dims, 99),
          ...[5, 500, 2999].map((r) => Float32Array.from(rows[r]!, (v) => v + next() * 0.002)),
        ];
        let rescored = 0;
        for (const [q, query] of queries.entries()) {
          for (const k of [1, 2, 5]) {
            const excluded = q % 2 === 0 ? users[(q * 131) % 3000] : undefined;
            const got = int8.search(query, metric, k, excluded).hits;
            rescored = Math.max(rescored, int8.lastRescored);
            const want = exactTop(
              rows.filter((_, i) => users[i] !== excluded),
              users.filter((u) => u !== excluded),
              query,
              metric,
              k,
            );
            expect(got.map((h) => h.userId)).toEqual(want.map(([u]) => u));
            got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]![1], 9));
            expect(float.search(query, metric, k, excluded).hits.map((h) => h.userId)).toEqual(
              got.map((h) => h.userId),
            );
          }
        }
        // The first pass did rule rows out: far fewer than all rows were scored on the floats.
        expect(rescored).toBeGreaterThan(0);
        expect(rescored).toBeLessThan(rows.length / 2);
      });
    }
  }

  it('keeps the int8 copy in step with adds and removals, growing past its capacity', () => {
    const rows = random(2000, 128, 21);
    const users = rows.map((_, i) => `u${i % 500}`);
    const live = TemplateMatrix.fromRows(
      rows.slice(0, 100).map((embedding, i) => ({ userId: users[i]!, embedding })),
      128,
      100,
      { scan: 'int8' },
    );
    const [q0] = random(1, 128, 3);
    live.search(q0!, 'euclidean', 3); // builds the int8 copy before the changes below
    rows.slice(100).forEach((embedding, i) => live.add(users[i + 100]!, embedding));
    const gone = ['u3', 'u250', 'u499'];
    gone.forEach((u) => expect(live.removeUser(u)).toBe(4));
    const keptRows = rows.filter((_, i) => !gone.includes(users[i]!));
    const keptUsers = users.filter((u) => !gone.includes(u));
    for (const query of [...random(4, 128, 8), rows[1200]!, rows[3]!]) {
      const want = exactTop(keptRows, keptUsers, query, 'euclidean', 4);
      const got = live.search(query, 'euclidean', 4).hits;
      expect(got.map((h) => h.userId)).toEqual(want.map(([u]) => u));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]![1], 9));
    }
  });
});
