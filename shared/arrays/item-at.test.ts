import { describe, expect, it } from 'vitest';
import { itemAt } from './item-at.js';

describe('itemAt', () => {
  it('returns the element at an index within the array, including an undefined one', () => {
    expect(itemAt(['a', 'b', 'c'], 2)).toBe('c');
    expect(itemAt(new Float32Array([0.5, 1.5]), 1)).toBe(1.5);
    expect(itemAt([undefined, 1], 0)).toBeUndefined();
  });

  it.each([-1, 3, 1.5, Number.NaN])('throws a RangeError naming what was looked up for index %s', (index) => {
    expect(() => itemAt(['a', 'b', 'c'], index, 'pair')).toThrow(
      new RangeError(`pair ${index} is missing: there are 3`),
    );
  });
});
