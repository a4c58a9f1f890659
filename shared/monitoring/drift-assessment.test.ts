import { describe, expect, it } from 'vitest';
import type { CaptureObservation } from '../domain/capture-observation.js';
import { assessDrift } from './drift-assessment.js';
import type { DriftPolicy } from './drift-policy.js';
import { centroid, centroidShift } from './template-centroid.js';

/** Deterministic uniform numbers (mulberry32), so the samples are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const policy: DriftPolicy = {
  checkIntervalSeconds: 0,
  recentWindowMs: 86_400_000,
  referenceWindowMs: 7 * 86_400_000,
  minSamples: 30,
  minTemplates: 10,
  maxSamples: 50_000,
  psiWarning: 0.1,
  psiAlert: 0.25,
  ksAlpha: 0.01,
  ksMinStatistic: 0.1,
  genuineScoreShift: 0.05,
  centroidShift: 3,
};

function observations(count: number, seed: number, shift: Partial<Record<string, number>> = {}): CaptureObservation[] {
  const rand = random(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: `obs_${seed}_${i}`,
    tenantId: 't',
    kind: 'verify',
    outcome: 'granted',
    modelVersion: 'm1',
    features: {
      brightness: 120 + 15 * normal(rand) + (shift.brightness ?? 0),
      sharpness: 300 + 60 * normal(rand) + (shift.sharpness ?? 0),
      faceSize: 200 + 20 * normal(rand),
      detectionScore: 0.99 + 0.005 * normal(rand),
      yaw: 5 * normal(rand),
      pitch: 4 * normal(rand),
      roll: 3 * normal(rand),
    },
    score: 0.65 + 0.05 * normal(rand) + (shift.score ?? 0),
    livenessScore: null,
    observedAt: i,
  }));
}

function vectors(count: number, seed: number, offset = 0): Float32Array[] {
  const rand = random(seed);
  return Array.from({ length: count }, () =>
    Float32Array.from({ length: 16 }, (_, d) => normal(rand) + (d === 0 ? offset : 0)),
  );
}

describe('template centroid shift', () => {
  it('is the centroid distance over its sampling noise: about 1 for the same population, large for a moved one', () => {
    const { mean, spread } = centroid([Float32Array.of(0, 0), Float32Array.of(2, 0)]);
    expect([...mean]).toEqual([1, 0]);
    expect(spread).toBe(1);
    const same = centroidShift(vectors(200, 1), vectors(200, 2));
    expect(same.standardized).toBeLessThan(3);
    // 16 unit-variance dimensions: the noise is √(16/200 + 16/200) = 0.4, so a move of 3 reads about 7.5.
    const moved = centroidShift(vectors(200, 1), vectors(200, 3, 3));
    expect(moved.standardized).toBeGreaterThan(6);
    expect(moved.distance).toBeCloseTo(3, 0);
  });
});

describe('assessDrift', () => {
  const templates = { referenceTemplates: vectors(40, 5), recentTemplates: vectors(40, 6) };

  it('raises nothing for two samples of the same distributions', () => {
    const a = assessDrift({ reference: observations(500, 1), recent: observations(200, 2), ...templates }, policy);
    expect(a.status).toBe('stable');
    expect(a.moved).toEqual([]);
    expect(a.features.map((f) => f.feature)).toEqual([
      'brightness',
      'sharpness',
      'faceSize',
      'detectionScore',
      'yaw',
      'pitch',
      'roll',
      'genuineScore',
      'templateCentroid',
    ]);
  });

  it('flags only brightness when captures get darker, as an alert', () => {
    const a = assessDrift(
      { reference: observations(500, 1), recent: observations(200, 2, { brightness: -40 }), ...templates },
      policy,
    );
    expect(a.moved).toEqual(['brightness']);
    expect(a.severity).toBe('alert');
    const brightness = a.features.find((f) => f.feature === 'brightness');
    expect(brightness?.trigger?.statistic).toBe('psi');
    expect(brightness?.meanShift).toBeCloseTo(-40, -1);
  });

  it('flags a slide of genuine scores by its mean shift, and a moved template centroid', () => {
    const a = assessDrift(
      {
        reference: observations(500, 1),
        recent: observations(200, 2, { score: -0.03 }),
        referenceTemplates: vectors(40, 5),
        recentTemplates: vectors(40, 6, 5),
      },
      { ...policy, genuineScoreShift: 0.02, psiWarning: 5, psiAlert: 5, ksMinStatistic: 1 },
    );
    expect(a.moved).toEqual(['genuineScore', 'templateCentroid']);
    expect(a.features.find((f) => f.feature === 'genuineScore')?.trigger?.statistic).toBe('mean_shift');
    expect(a.severity).toBe('warning');
  });

  it('judges nothing when a window has fewer captures than the minimum, and skips a thin centroid', () => {
    expect(assessDrift({ reference: observations(500, 1), recent: observations(29, 2), ...templates }, policy)).toEqual(
      {
        status: 'insufficient',
        severity: null,
        features: [],
        moved: [],
      },
    );
    const thin = assessDrift(
      { reference: observations(100, 1), recent: observations(100, 2), referenceTemplates: [], recentTemplates: [] },
      policy,
    );
    expect(thin.features.some((f) => f.feature === 'templateCentroid')).toBe(false);
  });
});
