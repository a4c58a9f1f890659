import { describe, expect, it } from 'vitest';
import { assessQuality, DEFAULT_QUALITY_POLICY } from './assess-quality.js';
import { interOcularDistance } from './pose.js';
import {
  boxBlur,
  detection,
  frontalLandmarks,
  mapPixels,
  projectedLandmarks,
  rotateLandmarks,
  texturedCapture,
} from './test-factories.js';

const faceBox = { x: 60, y: 50, width: 200, height: 200 };
const capture = texturedCapture(320, 300, faceBox);
const face = detection(faceBox);

describe('assessQuality', () => {
  it('passes a sharp, well exposed, frontal, confident face and reports its measurements', () => {
    const report = assessQuality(capture, [face], face);
    expect(report.failures).toEqual([]);
    expect(report.faceCount).toBe(1);
    expect(report.faceSize).toBe(200);
    expect(report.interOcular).toBeCloseTo(interOcularDistance(face.landmarks), 9);
    expect(report.detectionScore).toBe(0.99);
    expect(report.brightness).toBeGreaterThan(110);
    expect(report.brightness).toBeLessThan(146);
    expect(report.contrast).toBeGreaterThan(DEFAULT_QUALITY_POLICY.minContrast);
    expect(report.sharpness).toBeGreaterThan(10 * DEFAULT_QUALITY_POLICY.minSharpness);
    expect(Math.abs(report.yaw)).toBeLessThan(1.5);
    expect(Math.abs(report.pitch)).toBeLessThan(1.5);
    expect(Math.abs(report.roll)).toBeLessThan(1.5);
  });

  it('flags only the box-blurred copy of the same face as blurred', () => {
    const blurred = boxBlur(capture, 4);
    const report = assessQuality(blurred, [face], face);
    expect(report.failures).toEqual(['blurred']);
    expect(report.sharpness).toBeLessThan(DEFAULT_QUALITY_POLICY.minSharpness);
    expect(assessQuality(capture, [face], face).failures).not.toContain('blurred');
  });

  it('flags a darkened copy as too dark and a saturated copy as too bright', () => {
    const dark = assessQuality(
      mapPixels(capture, (v) => v * 0.2),
      [face],
      face,
    );
    expect(dark.failures).toContain('too_dark');
    expect(dark.failures).not.toContain('too_bright');
    expect(dark.brightness).toBeLessThan(DEFAULT_QUALITY_POLICY.minBrightness);

    const bright = assessQuality(
      mapPixels(capture, (v) => v * 0.3 + 200),
      [face],
      face,
    );
    expect(bright.failures).toContain('too_bright');
    expect(bright.failures).not.toContain('too_dark');
    expect(bright.brightness).toBeGreaterThan(DEFAULT_QUALITY_POLICY.maxBrightness);
  });

  it('flags a flat, washed-out face as low contrast', () => {
    const flat = assessQuality(
      mapPixels(capture, (v) => 128 + (v - 128) * 0.2),
      [face],
      face,
    );
    expect(flat.failures).toContain('low_contrast');
    expect(flat.failures).not.toContain('too_dark');
    expect(flat.failures).not.toContain('too_bright');
  });

  it('flags a second face of similar size as multiple_faces', () => {
    const other = detection({ x: 230, y: 60, width: 170, height: 170 });
    const report = assessQuality(capture, [face, other], face);
    expect(report.faceCount).toBe(2);
    expect(report.failures).toEqual(['multiple_faces']);
  });

  it('ignores a small face in the background and a duplicate detection of the primary face', () => {
    const background = detection({ x: 280, y: 10, width: 40, height: 40 });
    const duplicate = detection({ x: 65, y: 55, width: 195, height: 195 });
    const report = assessQuality(capture, [face, background, duplicate], face);
    expect(report.faceCount).toBe(3);
    expect(report.failures).toEqual([]);
  });

  it('flags a face narrower than the minimum as face_too_small', () => {
    const tinyBox = { x: 20, y: 20, width: 40, height: 40 };
    const tiny = detection(tinyBox);
    const report = assessQuality(texturedCapture(120, 100, tinyBox), [tiny], tiny);
    expect(report.faceSize).toBe(40);
    expect(report.failures).toContain('face_too_small');
    expect(report.failures).not.toContain('blurred');
  });

  it('flags a weak detection as low_confidence', () => {
    const weak = detection(faceBox, { score: 0.6 });
    expect(assessQuality(capture, [weak], weak).failures).toEqual(['low_confidence']);
  });

  it('flags turned, nodded and tilted heads on the matching axis', () => {
    const centre = { x: 160, y: 130 };
    const turned = detection(faceBox, { landmarks: projectedLandmarks(40, 0, 70, centre) });
    const nodded = detection(faceBox, { landmarks: projectedLandmarks(0, -40, 70, centre) });
    const tilted = detection(faceBox, { landmarks: rotateLandmarks(frontalLandmarks(faceBox), 40, centre) });
    const slightlyTilted = detection(faceBox, {
      landmarks: rotateLandmarks(frontalLandmarks(faceBox), 10, centre),
    });
    expect(assessQuality(capture, [turned], turned).failures).toEqual(['pose_yaw']);
    expect(assessQuality(capture, [nodded], nodded).failures).toEqual(['pose_pitch']);
    expect(assessQuality(capture, [tilted], tilted).failures).toEqual(['pose_roll']);
    expect(assessQuality(capture, [slightlyTilted], slightlyTilted).failures).toEqual([]);
  });

  it('fails every pose check when the landmarks are degenerate', () => {
    const point = { x: 150, y: 150 };
    const broken = detection(faceBox, { landmarks: [point, point, point, point, point] });
    const report = assessQuality(capture, [broken], broken);
    expect(report.failures).toEqual(['pose_yaw', 'pose_pitch', 'pose_roll']);
  });

  it('orders several failures from the most fundamental', () => {
    const weakSmall = detection({ x: 60, y: 50, width: 50, height: 50 }, { score: 0.5 });
    const rival = detection({ x: 200, y: 50, width: 50, height: 50 });
    const report = assessQuality(
      mapPixels(capture, (v) => v * 0.2),
      [weakSmall, rival],
      weakSmall,
    );
    expect(report.failures.slice(0, 4)).toEqual(['multiple_faces', 'face_too_small', 'low_confidence', 'too_dark']);
  });

  it('applies policy overrides and keeps defaults for undefined fields', () => {
    const strict = assessQuality(capture, [face], face, { minSharpness: 1e9, minFaceSize: undefined });
    expect(strict.failures).toEqual(['blurred']);
    expect(assessQuality(boxBlur(capture, 4), [face], face, { minSharpness: 0 }).failures).toEqual([]);
    expect(() => assessQuality(capture, [face], face, { maxYaw: Number.NaN })).toThrow(RangeError);
  });
});
