import { describe, expect, it } from 'vitest';
import { percentile, summariseLatency } from './percentile.js';

describe('percentile', () => {
  it('interpolates linearly between closest ranks, whatever the input order', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([4, 1, 3, 2], 95)).toBeCloseTo(3.85, 12);
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
    expect(percentile([7], 95)).toBe(7);
  });

  it('matches the nearest rank exactly on a 1..101 ramp', () => {
    const ramp = Array.from({ length: 101 }, (_, i) => i + 1);
    expect(percentile(ramp, 50)).toBe(51);
    expect(percentile(ramp, 95)).toBe(96);
  });

  it('refuses empty samples, NaN and percentiles outside 0..100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
  });

  it('summarises an empty latency sample with nulls instead of numbers', () => {
    expect(summariseLatency([])).toEqual({ p50: null, p95: null, mean: null, n: 0 });
    expect(summariseLatency([10, 20, 30])).toEqual({ p50: 20, p95: 29, mean: 20, n: 3 });
  });
});
