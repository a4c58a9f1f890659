import { describe, expect, it } from 'vitest';
import { checkFusion, fusedSimilarity, splitParts, type FusionMetric } from './fusion.js';
import { similarity } from './similarity.js';

const metric: FusionMetric = {
  kind: 'fusion',
  parts: [
    { id: 'frn', metric: 'euclidean', dims: 2, mean: 0.2, sd: 0.1, weight: 0.75 },
    { id: 'arc', metric: 'cosine', dims: 3, mean: 0.05, sd: 0.1, weight: 0.25 },
  ],
};

describe('fused similarity', () => {
  it('is the weighted sum of the z-normalised part scores', () => {
    const a = Float32Array.from([0, 0, 1, 0, 0]);
    const b = Float32Array.from([0.3, 0.4, 0, 1, 0]);
    // frn: 1 - |(0.3, 0.4)| = 0.5 -> z = 3; arc: cosine 0 -> z = -0.5
    expect(fusedSimilarity(metric, a, b)).toBeCloseTo(0.75 * 3 + 0.25 * -0.5, 6);
    expect(similarity(metric, a, b)).toBe(fusedSimilarity(metric, a, b));
    expect(similarity(metric, a, a)).toBeCloseTo(0.75 * 8 + 0.25 * 9.5, 5);
  });

  it('refuses vectors of the wrong length and parameters that cannot fuse', () => {
    expect(() => splitParts(metric, new Float32Array(4))).toThrow(/4 vs 5/);
    expect(() => checkFusion({ ...metric, parts: [metric.parts[0]!] })).toThrow(/at least two/);
    expect(() => checkFusion({ ...metric, parts: [{ ...metric.parts[0]!, sd: 0 }, metric.parts[1]!] })).toThrow(
      /invalid/,
    );
    expect(() => checkFusion({ ...metric, parts: [metric.parts[0]!, { ...metric.parts[1]!, weight: 0.5 }] })).toThrow(
      /add up to 1.25/,
    );
    expect(checkFusion(metric)).toBe(metric);
  });
});
