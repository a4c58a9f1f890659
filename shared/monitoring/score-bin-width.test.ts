import { describe, expect, it } from 'vitest';
import { scoreBinWidth } from './score-bin-width.js';

describe('scoreBinWidth', () => {
  it('keeps 0.05 on a cosine scale', () => {
    expect(scoreBinWidth([0.1, 0.2, 0.65, 0.8], 0.4)).toBe(0.05);
  });

  it('widens on the fused z-scored scale so the chart does not crowd', () => {
    const width = scoreBinWidth([-2.5, 0.3, 1.1, 4.2, 9.8, 14.6], 2.82);
    expect(width).toBe(0.5); // span 17.1 / 40 = 0.43 → 0.5; a tenth of the threshold (0.28) is finer
    expect(Math.ceil(17.1 / width)).toBeLessThanOrEqual(40);
  });

  it('follows the threshold when the scores are few and close', () => {
    expect(scoreBinWidth([2.9, 3.0], 2.82)).toBe(0.5); // 0.282 → the next nice step
  });

  it('has a width without any score', () => {
    expect(scoreBinWidth([], null)).toBe(0.05);
  });
});
