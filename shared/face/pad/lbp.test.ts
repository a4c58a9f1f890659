import { describe, expect, it } from 'vitest';
import { gridRegions, lbpCodes, regionHistograms, transitions, uniformMapping, type Plane } from './lbp.js';

const plane = (width: number, rows: number[][]): Plane => ({
  data: Float32Array.from(rows.flat()),
  width,
  height: rows.length,
});

describe('lbpCodes', () => {
  it('codes the centre of a 3x3 image from its 4 axis neighbours (bit p at 90°·p counter-clockwise from the right)', () => {
    const codes = lbpCodes(
      plane(3, [
        [0, 9, 0],
        [1, 5, 7],
        [0, 2, 0],
      ]),
      4,
      1,
    );
    // right 7 >= 5 (bit 0), up 9 >= 5 (bit 1), left 1 < 5, down 2 < 5.
    expect(codes[4]).toBe(0b0011);
    // Border pixels have no full circle.
    expect([...codes].filter((c) => c === -1)).toHaveLength(8);
  });

  it('reads diagonal neighbours by bilinear interpolation (exact on a ramp)', () => {
    // value = x: neighbours at x = 1 + cos(45°·p); bits where that is >= 1: p = 0, 1, 2 (equal), 6 (equal), 7.
    const codes = lbpCodes(
      plane(3, [
        [0, 1, 2],
        [0, 1, 2],
        [0, 1, 2],
      ]),
      8,
      1,
    );
    expect(codes[4]).toBe(1 + 2 + 4 + 64 + 128);
  });

  it('sets every bit on a flat patch, however the neighbours are interpolated', () => {
    const flat = plane(
      7,
      Array.from({ length: 7 }, () => Array<number>(7).fill(113.7)),
    );
    expect(lbpCodes(flat, 16, 2)[3 * 7 + 3]).toBe(0xffff);
    expect(lbpCodes(flat, 8, 1)[3 * 7 + 3]).toBe(0xff);
  });
});

describe('uniform (u2) mapping', () => {
  it('counts 0/1 transitions around the circle', () => {
    expect(transitions(0b00001111, 8)).toBe(2);
    expect(transitions(0b00000000, 8)).toBe(0);
    expect(transitions(0b01010101, 8)).toBe(8);
    expect(transitions(0b10000001, 8)).toBe(2);
  });

  it('has P(P-1)+2 uniform bins plus one shared bin: 59 for P=8, 243 for P=16', () => {
    const m8 = uniformMapping(8);
    expect(m8.bins).toBe(59);
    expect(m8.table[0]).toBe(0);
    expect(m8.table[0xff]).toBe(57);
    expect(m8.table[0b01010101]).toBe(58);
    expect(new Set(m8.table).size).toBe(59);
    expect(uniformMapping(16).bins).toBe(243);
    expect(new Set(uniformMapping(16).table).size).toBe(243);
  });
});

describe('regionHistograms and gridRegions', () => {
  it('normalises each region to sum 1, skipping uncoded border pixels', () => {
    const codes = Int32Array.from([-1, 0, 0xff, 0b01010101]);
    const out = new Float32Array(59);
    const end = regionHistograms(codes, 2, uniformMapping(8), [{ x0: 0, y0: 0, x1: 2, y1: 2 }], out, 0);
    expect(end).toBe(59);
    expect(out[0]).toBeCloseTo(1 / 3);
    expect(out[57]).toBeCloseTo(1 / 3);
    expect(out[58]).toBeCloseTo(1 / 3);
  });

  it('splits a plane into a grid, optionally with half-overlapping blocks', () => {
    expect(gridRegions(64, 64, 1)).toEqual([{ x0: 0, y0: 0, x1: 64, y1: 64 }]);
    const half = gridRegions(64, 64, 3, 0.5);
    expect(half).toHaveLength(9);
    expect(half[0]).toEqual({ x0: 0, y0: 0, x1: 32, y1: 32 });
    expect(half[8]).toEqual({ x0: 32, y0: 32, x1: 64, y1: 64 });
    expect(gridRegions(60, 60, 3).map((r) => r.x0)).toEqual([0, 20, 40, 0, 20, 40, 0, 20, 40]);
  });
});
