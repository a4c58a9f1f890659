import { describe, expect, it } from 'vitest';
import { errorFigures, fitFusion, identityFold, impostorStats, type PartScoredPair } from './fusion-fit.js';

/** Deterministic pairs of two datasets where part 0 separates one set and part 1 the other. */
function pairs(): PartScoredPair[] {
  let x = 17;
  const noise = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) / 4294967296 - 0.5) * 0.2;
  };
  const out: PartScoredPair[] = [];
  for (const dataset of ['a', 'b']) {
    for (let i = 0; i < 40; i++) {
      const id = `${dataset}${i}`;
      const other = `${dataset}${(i + 1) % 40}`;
      // In `a` part 0 is clean and part 1 overlaps; in `b` the other way round; both parts together separate both.
      const [g0, g1] = dataset === 'a' ? [0.8, 0.45] : [0.45, 0.8];
      out.push({ dataset, genuine: true, identities: [id, id], scores: [g0 + noise(), g1 + noise()] });
      out.push({ dataset, genuine: false, identities: [id, other], scores: [0.3 + noise(), 0.3 + noise()] });
    }
  }
  return out;
}

describe('fusion fit', () => {
  it('chooses a weight that uses both parts when each part fails one population', () => {
    const fit = fitFusion(pairs(), 5, 10);
    expect(fit.candidates).toHaveLength(11);
    expect(fit.weights[0]).toBeGreaterThan(0.05);
    expect(fit.weights[0]).toBeLessThan(0.95);
    expect(fit.weights[0]! + fit.weights[1]!).toBeCloseTo(1, 10);
    const chosen = fit.candidates.find((c) => c.weight === fit.weights[0])!;
    const onlyFirst = fit.candidates.find((c) => c.weight === 1)!;
    expect(chosen.eer).toBeLessThan(onlyFirst.eer);
    expect(fit.stats).toEqual(impostorStats(pairs(), 2));
  });

  it('assigns identities to folds deterministically and computes EER and FRR at zero false accepts', () => {
    expect(identityFold('a/x', 5)).toBe(identityFold('a/x', 5));
    expect(new Set(Array.from({ length: 50 }, (_, i) => identityFold(`id${i}`, 5))).size).toBe(5);
    expect(errorFigures([0.9, 0.8, 0.2], [0.1, 0.3])).toEqual({ eer: 1 / 3, frrAtZeroFa: 1 / 3 });
    expect(() => fitFusion([{ dataset: 'a', genuine: true, identities: ['x', 'x'], scores: [1] }])).toThrow(
      /two parts/,
    );
  });
});
