import { describe, expect, it } from 'vitest';
import { fitWithin } from './capture-jpeg.js';

describe('fitWithin', () => {
  it('scales the longest side down to the cap and keeps the aspect ratio', () => {
    expect(fitWithin(1280, 720, 640)).toEqual({ width: 640, height: 360 });
    expect(fitWithin(3024, 4032, 1280)).toEqual({ width: 960, height: 1280 });
  });

  it('never scales up and never returns a zero side', () => {
    expect(fitWithin(320, 240, 640)).toEqual({ width: 320, height: 240 });
    expect(fitWithin(10_000, 1, 640)).toEqual({ width: 640, height: 1 });
  });
});
