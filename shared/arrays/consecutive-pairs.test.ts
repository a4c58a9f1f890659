import { describe, expect, it } from 'vitest';
import { consecutivePairs } from './consecutive-pairs.js';

describe('consecutivePairs', () => {
  it('pairs each element with the one before it, in order', () => {
    expect([...consecutivePairs([1, 2, 3, 4])]).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
  });

  it('yields nothing for fewer than two elements', () => {
    expect([...consecutivePairs([])]).toEqual([]);
    expect([...consecutivePairs(['only'])]).toEqual([]);
  });

  it('keeps undefined elements as neighbours', () => {
    expect([...consecutivePairs([undefined, 1, undefined])]).toEqual([
      [undefined, 1],
      [1, undefined],
    ]);
  });

  it('reads any iterable once', () => {
    expect([...consecutivePairs(new Set(['a', 'b', 'c']))]).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ]);
  });
});
