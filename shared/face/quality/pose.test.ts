import { describe, expect, it } from 'vitest';
import type { Landmarks5 } from '../types.js';
import { estimatePose, interOcularDistance, POSE_MODEL } from './pose.js';
import { frontalLandmarks, projectedLandmarks, rotateLandmarks } from './test-factories.js';

const box = { x: 100, y: 80, width: 200, height: 200 };
const centre = { x: 200, y: 180 };

describe('estimatePose', () => {
  it('reads a frontal face (the ArcFace template) as about zero on every axis', () => {
    const pose = estimatePose(frontalLandmarks(box));
    expect(Math.abs(pose.yaw)).toBeLessThan(1.5);
    expect(Math.abs(pose.pitch)).toBeLessThan(1.5);
    expect(Math.abs(pose.roll)).toBeLessThan(1.5);
  });

  it.each([20, -35, 60])('reads an eye line rotated by %d degrees as that roll, leaving yaw and pitch', (angle) => {
    const frontal = estimatePose(frontalLandmarks(box));
    const pose = estimatePose(rotateLandmarks(frontalLandmarks(box), angle, centre));
    expect(pose.roll).toBeCloseTo(frontal.roll + angle, 6);
    expect(pose.yaw).toBeCloseTo(frontal.yaw, 6);
    expect(pose.pitch).toBeCloseTo(frontal.pitch, 6);
  });

  it('gives the sign of yaw from the side the nose moved to, growing with the shift', () => {
    const frontal = frontalLandmarks(box);
    const iod = interOcularDistance(frontal);
    const shifted = (dx: number): Landmarks5 => [
      frontal[0],
      frontal[1],
      { x: frontal[2].x + dx, y: frontal[2].y },
      frontal[3],
      frontal[4],
    ];
    const base = estimatePose(frontal).yaw;
    const right = estimatePose(shifted(0.1 * iod)).yaw - base;
    const left = estimatePose(shifted(-0.1 * iod)).yaw - base;
    const farRight = estimatePose(shifted(0.25 * iod)).yaw - base;
    expect(right).toBeGreaterThan(5);
    expect(left).toBeLessThan(-5);
    expect(farRight).toBeGreaterThan(right + 10);
    // Shifting by k * IOD * tan(30 deg) is a 30 degree turn under the documented model.
    const thirty = POSE_MODEL.noseDepthPerInterOcular * iod * Math.tan(Math.PI / 6);
    expect(estimatePose(shifted(thirty)).yaw - base).toBeCloseTo(30, 0);
  });

  it.each([
    [30, 0],
    [-15, 0],
    [0, 20],
    [0, -20],
  ])('recovers yaw %d and pitch %d of a projected 3-D mean face', (yaw, pitch) => {
    const pose = estimatePose(projectedLandmarks(yaw, pitch, 80, centre));
    expect(pose.yaw).toBeCloseTo(yaw, 6);
    expect(pose.pitch).toBeCloseTo(pitch, 6);
    expect(pose.roll).toBeCloseTo(0, 6);
  });

  it('stays within a few degrees when yaw and pitch combine', () => {
    const pose = estimatePose(projectedLandmarks(20, 15, 80, centre));
    expect(Math.abs(pose.yaw - 20)).toBeLessThan(3);
    expect(Math.abs(pose.pitch - 15)).toBeLessThan(3);
  });

  it('keeps yaw and pitch when the whole face is also rolled', () => {
    const turned = projectedLandmarks(25, -10, 80, centre);
    const upright = estimatePose(turned);
    const rolled = estimatePose(rotateLandmarks(turned, 15, centre));
    expect(rolled.yaw).toBeCloseTo(upright.yaw, 6);
    expect(rolled.pitch).toBeCloseTo(upright.pitch, 6);
    expect(rolled.roll).toBeCloseTo(upright.roll + 15, 6);
    expect(Math.abs(upright.yaw - 25)).toBeLessThan(3);
  });

  it('returns NaN for degenerate landmarks instead of a made-up angle', () => {
    const point = { x: 5, y: 5 };
    const pose = estimatePose([point, point, point, point, point]);
    expect(pose.yaw).toBeNaN();
    expect(pose.pitch).toBeNaN();
    expect(pose.roll).toBeNaN();
  });
});
