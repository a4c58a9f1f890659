import { describe, expect, it } from 'vitest';
import { limitPairs } from './limit-pairs.js';
import type { ImagePair } from './pairs-file.js';

function pairs(folds: number, perFold: number): ImagePair[] {
  const result: ImagePair[] = [];
  for (let f = 0; f < folds; f++) {
    for (let k = 0; k < 2 * perFold; k++) {
      const index = result.length;
      result.push({ index, fold: f, genuine: k < perFold, a: `a${index}`, b: `b${index}`, line: index + 2 });
    }
  }
  return result;
}

describe('limitPairs', () => {
  it('takes both classes from every fold, in file order', () => {
    const chosen = limitPairs(pairs(2, 5), 4);
    expect(chosen.map((p) => [p.fold, p.genuine])).toEqual([
      [0, true],
      [0, false],
      [1, true],
      [1, false],
    ]);
    expect(chosen.map((p) => p.index)).toEqual([0, 5, 10, 15]);
  });

  it('returns every pair when the limit is not smaller', () => {
    expect(limitPairs(pairs(1, 3), 100)).toHaveLength(6);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => limitPairs(pairs(1, 3), 0)).toThrow(RangeError);
    expect(() => limitPairs(pairs(1, 3), 2.5)).toThrow(RangeError);
  });
});
