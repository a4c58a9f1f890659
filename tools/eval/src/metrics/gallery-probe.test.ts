import { describe, expect, it } from 'vitest';
import { cosineSimilarity } from '../../../../shared/face/matching/cosine-similarity.js';
import type { ThresholdPolicy } from '../../../../shared/calibration/tenant-threshold.js';
import { galleryProbe } from './gallery-probe.js';

const policy: ThresholdPolicy = { targetFar: 1e-3, global: 0.9, floor: 0.9, minUsers: Number.POSITIVE_INFINITY };
const v = (...x: number[]) => Float32Array.from(x);

// Two people; each has a frontal and a profile-like photo that only matches that person's other profile photo.
const identities = [
  { identity: 'ann', embeddings: [v(1, 0, 0, 0), v(0, 0, 1, 0), v(0.99, 0.14, 0, 0), v(0, 0.05, 1, 0)] },
  { identity: 'bob', embeddings: [v(0, 1, 0, 0), undefined, v(0.14, 0.99, 0, 0), v(0, 0, 0, 1)] },
];

describe('gallery/probe protocol', () => {
  it('enrolls the first photo and probes with the rest, counting a faceless probe as a false reject', () => {
    const g = galleryProbe(identities, cosineSimilarity, policy);
    expect(g).toMatchObject({ users: 2, enroll_photos: 1, probes: 6, genuine_attempts: 6, impostor_attempts: 6 });
    // ann: her profile photos miss her frontal template (2 rejects); bob: the faceless probe and the odd one (2).
    expect(g.false_rejects_at_threshold).toBe(4);
    expect(g.false_accepts_at_threshold).toBe(0);
  });

  it('with two enrollment photos scores each probe against the best template, skipping faceless photos', () => {
    const g = galleryProbe(identities, cosineSimilarity, policy, 2);
    // ann enrolls photos 1 and 2 (frontal + profile); bob enrolls 1 and 3 (photo 2 has no face).
    expect(g).toMatchObject({ users: 2, enroll_photos: 2, probes: 4, genuine_attempts: 4, impostor_attempts: 4 });
    // ann's second profile photo now matches her profile template; bob keeps his faceless and his odd probe.
    expect(g.false_rejects_at_threshold).toBe(2);
    expect(g.false_accepts_at_threshold).toBe(0);
  });

  it('reports the FRR at the lowest threshold that keeps the FAR within the target, for equal-FAR comparisons', () => {
    // Ten people; everyone's probe scores 0.8 against their own template except p0's (0.3); impostors score 0.1,
    // except p1's probe against p2 (0.5). Of 90 impostor attempts, a target of 0.02 allows that one accept.
    const people = Array.from({ length: 10 }, (_, i) => ({ identity: `p${i}`, embeddings: [v(i, 0), v(i, 1)] }));
    const score = (probe: Float32Array, template: Float32Array): number => {
      const [who, photo] = probe;
      const [owner] = template;
      if (photo === 0) return probe === template ? 1 : 0.1; // gallery cross-scores
      if (who === owner) return who === 0 ? 0.3 : 0.8;
      return who === 1 && owner === 2 ? 0.5 : 0.1;
    };
    const strict = galleryProbe(people, score, { ...policy, global: 0.9, floor: 0.9, targetFar: 0.001 });
    expect(strict.frr_at_target_far).toBeCloseTo(1 / 10); // above 0.5: only p0's 0.3 is rejected
    expect(strict.frr_at_threshold).toBe(1); // the operating threshold, 0.9, rejects everyone
    const loose = galleryProbe(people, score, { ...policy, global: 0.9, floor: 0.9, targetFar: 0.02 });
    expect(loose.frr_at_target_far).toBe(0); // just above 0.1: p0's 0.3 passes too
  });

  it('refuses a non-positive photo count', () => {
    expect(() => galleryProbe(identities, cosineSimilarity, policy, 0)).toThrow(RangeError);
  });
});
