import { describe, expect, it } from 'vitest';
import { thresholdWords } from './threshold-words.js';

const base = {
  modelVersion: 'fused-frn-arc-v2',
  targetFar: 0.001,
  minUsers: 30,
  globalThreshold: 2.821,
  floor: 1.94,
  estimatedFar: 0,
  farUpper95: 0.0069,
};

describe('threshold for your population', () => {
  it('says the development calibration applies until the gallery is large enough', () => {
    const words = thresholdWords({
      ...base,
      threshold: 2.821,
      source: 'global',
      users: 12,
      impostorScores: 66,
      galleryThreshold: null,
    });
    expect(words).toBe(
      '2.821 (fused-frn-arc-v2): the development calibration for FAR 0.001, until 30 users are enrolled (now 12)',
    );
  });

  it('names the gallery it rests on, the floor, and the estimated FAR with its bound', () => {
    const words = thresholdWords({
      ...base,
      threshold: 2.696,
      source: 'gallery',
      users: 31,
      impostorScores: 465,
      galleryThreshold: 2.696,
    });
    expect(words).toContain("set by your 31 enrolled users' 465 cross-user scores (never below 1.940)");
    expect(words).toContain('estimated FAR 0.000%, at most 0.690% at 95% confidence');
  });
});
