import { describe, expect, it } from 'vitest';
import { readModelManifest } from '../face/models/model-manifest.js';
import { manifestThreshold, thresholdPolicy, TARGET_FAR } from './model-thresholds.js';

const manifest = readModelManifest();
const calibrated = (version: string) => manifest.embedders[version]!.thresholds[TARGET_FAR]!;

describe('model thresholds', () => {
  it('serves each version its calibrated threshold', () => {
    expect(manifestThreshold(manifest, 'frn128-flip-v1')).toBe(calibrated('frn128-flip-v1'));
    expect(manifestThreshold(manifest, 'fused-frn-arc-v2')).toBe(calibrated('fused-frn-arc-v2'));
  });

  it('lets FACEGATE_VERIFY_THRESHOLD override a single network, fixed for every tenant', () => {
    expect(manifestThreshold(manifest, 'frn128-flip-v1', 0.62)).toBe(0.62);
    expect(thresholdPolicy(manifest, 'frn128-flip-v1', 0.62)).toMatchObject({
      global: 0.62,
      floor: 0.62,
      minUsers: Number.POSITIVE_INFINITY,
    });
  });

  it('keeps a fusion on its calibration: a [-1, 1] override would accept nearly every stranger', () => {
    expect(manifest.embedders['fused-frn-arc-v2']?.metric).toBe('fusion');
    expect(manifestThreshold(manifest, 'fused-frn-arc-v2', 0.62)).toBe(calibrated('fused-frn-arc-v2'));
    expect(thresholdPolicy(manifest, 'fused-frn-arc-v2', 0.62)).toEqual(thresholdPolicy(manifest, 'fused-frn-arc-v2'));
    expect(thresholdPolicy(manifest, 'fused-frn-arc-v2').minUsers).toBe(30);
  });
});
