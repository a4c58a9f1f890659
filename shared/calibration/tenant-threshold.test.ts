import { describe, expect, it } from 'vitest';
import { cosineSimilarity } from '../face/matching/cosine-similarity.js';
import { galleryProbe } from '@facegate/eval/metrics/gallery-probe';
import { GalleryImpostors } from './gallery-impostors.js';
import { tenantThreshold, type ThresholdPolicy } from './tenant-threshold.js';
import { syntheticPopulation } from './synthetic-population.test-support.js';

const policy: ThresholdPolicy = { targetFar: 1e-3, global: 0.5, floor: 0.45, minUsers: 30 };

function galleryOf(pop: ReturnType<typeof syntheticPopulation>, users = pop.identities.length): GalleryImpostors {
  const g = new GalleryImpostors(cosineSimilarity);
  for (const id of pop.identities.slice(0, users)) g.add({ userId: id.id, embeddings: [id.photos[0]!] });
  return g;
}

describe('tenant threshold', () => {
  it('serves the global threshold until the gallery has enough users', () => {
    const pop = syntheticPopulation({ identities: 29, photos: 1 });
    const g = galleryOf(pop);
    const t = tenantThreshold(policy, g.impostorScores(), g.userCount);
    expect(t).toMatchObject({ threshold: 0.5, source: 'global', users: 29, impostor_scores: (29 * 28) / 2 });
    expect(t.gallery_threshold).toBeUndefined();
  });

  it('rises for a population whose impostors score higher and keeps its FAR at the target', () => {
    const plain = syntheticPopulation({ identities: 80, photos: 6, seed: 3 });
    const shifted = syntheticPopulation({ identities: 80, photos: 6, seed: 3, shift: 0.45 });
    const a = galleryOf(plain);
    const b = galleryOf(shifted);
    const ta = tenantThreshold(policy, a.impostorScores(), a.userCount);
    const tb = tenantThreshold(policy, b.impostorScores(), b.userCount);
    expect(ta.source).toBe('gallery');
    expect(ta.threshold).toBe(policy.floor); // a light tail: the floor holds it up
    expect(tb.source).toBe('gallery');
    expect(tb.threshold).toBeGreaterThan(policy.global + 0.05);
    // At the global threshold the shifted population would be far above the promise; at its own, it is not.
    const fixed = galleryProbe(
      shifted.identities.map((i) => ({ identity: i.id, embeddings: i.photos })),
      cosineSimilarity,
      { ...policy, minUsers: Number.POSITIVE_INFINITY },
    );
    const own = galleryProbe(
      shifted.identities.map((i) => ({ identity: i.id, embeddings: i.photos })),
      cosineSimilarity,
      policy,
    );
    expect(fixed.far_at_threshold).toBeGreaterThan(0.02);
    expect(own.threshold).toBe(tb.threshold);
    // The gallery's 3,160 scores estimate the 1e-3 point through the tail fit: within a factor of two on the
    // 31,600 probe attempts (an estimate, not a certificate), and ten times below the fixed threshold's FAR.
    expect(own.far_at_threshold).toBeLessThanOrEqual(2e-3);
    expect(own.far_at_threshold * 10).toBeLessThan(fixed.far_at_threshold);
    expect(own.impostor_attempts).toBe(80 * 5 * 79);
    expect(own.frr_at_threshold).toBeLessThan(0.02);
  });

  it('updates incrementally: an enrollment adds its scores, a deletion removes them', () => {
    const pop = syntheticPopulation({ identities: 40, photos: 1, seed: 9 });
    const g = galleryOf(pop, 39);
    expect(g.impostorScores()).toHaveLength((39 * 38) / 2);
    const last = pop.identities[39]!;
    g.add({ userId: last.id, embeddings: last.photos });
    expect(g.userCount).toBe(40);
    expect(g.impostorScores()).toHaveLength((40 * 39) / 2);
    const rebuilt = galleryOf(pop);
    expect(g.impostorScores().sort()).toEqual(rebuilt.impostorScores().sort());
    g.remove(pop.identities[0]!.id);
    expect(g.userCount).toBe(39);
    expect(g.impostorScores()).toHaveLength((39 * 38) / 2);
    // Re-adding a user replaces its scores rather than doubling them.
    g.add({ userId: last.id, embeddings: last.photos });
    expect(g.impostorScores()).toHaveLength((39 * 38) / 2);
  });

  it('samples large galleries with a stable membership', () => {
    const g = new GalleryImpostors(cosineSimilarity, 20, 1000);
    const pop = syntheticPopulation({ identities: 1000, photos: 1, dims: 16, seed: 5 });
    for (const id of pop.identities) g.add({ userId: id.id, embeddings: [id.photos[0]!] });
    expect(g.userCount).toBe(1000);
    const n = g.impostorScores().length;
    // ~20 sampled users -> ~190 scores, far from the 499,500 of the whole gallery.
    expect(n).toBeGreaterThan(50);
    expect(n).toBeLessThan(1000);
  });
});
