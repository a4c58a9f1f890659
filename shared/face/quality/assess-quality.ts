/**
 * The quality gate: measures the primary face of a capture and lists every check it fails. Pure arithmetic on
 * pixels and landmarks, so it runs in microseconds-to-milliseconds and is trivially testable.
 */
import type { Box, Detection, RgbImage } from '../types.js';
import { lumaStats } from './exposure.js';
import { sampleLumaPatch } from './face-patch.js';
import { estimatePose, interOcularDistance } from './pose.js';
import { resolveQualityPolicy } from './quality-policy.js';
import type { QualityPolicy } from './quality-policy.js';
import type { QualityReason, QualityReport } from './quality-report.js';
import { laplacianVariance } from './sharpness.js';

export { DEFAULT_QUALITY_POLICY, resolveQualityPolicy } from './quality-policy.js';
export type { QualityPolicy } from './quality-policy.js';

/** Detections overlapping the primary this much are the same face reported twice, not a second person. */
const SAME_FACE_IOU = 0.5;

/**
 * Assesses `primary` (one of `faces`, all in `image`'s pixel coordinates) against `policy` (defaults:
 * DEFAULT_QUALITY_POLICY). Never returns `no_face`: without a primary face there is nothing to assess, and the
 * caller reports that itself.
 *
 * `failures` is ordered from the most to the least fundamental problem (who is in the frame, then size and
 * confidence, pose, exposure, focus), so a client that shows one piece of advice can show the first.
 * Sizes (`faceSize`, `interOcular`) are in `image` pixels: divide by the decode scale for upload pixels.
 */
export function assessQuality(
  image: RgbImage,
  faces: readonly Detection[],
  primary: Detection,
  policy: Partial<QualityPolicy> = {},
): QualityReport {
  const p = resolveQualityPolicy(policy);
  const patch = sampleLumaPatch(image, primary.box);
  const { mean: brightness, std: contrast } = lumaStats(patch);
  const sharpness = laplacianVariance(patch);
  const { yaw, pitch, roll } = estimatePose(primary.landmarks);
  const faceSize = primary.box.width;

  const failures: QualityReason[] = [];
  const fail = (failed: boolean, reason: QualityReason) => {
    if (failed) failures.push(reason);
  };
  fail(hasRivalFace(faces, primary, p.secondFaceRatio), 'multiple_faces');
  fail(faceSize < p.minFaceSize, 'face_too_small');
  fail(primary.score < p.minDetectionScore, 'low_confidence');
  // Written as !(within) so that a NaN angle from degenerate landmarks fails rather than passes.
  fail(!(Math.abs(yaw) <= p.maxYaw), 'pose_yaw');
  fail(!(Math.abs(pitch) <= p.maxPitch), 'pose_pitch');
  fail(!(Math.abs(roll) <= p.maxRoll), 'pose_roll');
  fail(brightness < p.minBrightness, 'too_dark');
  fail(brightness > p.maxBrightness, 'too_bright');
  fail(contrast < p.minContrast, 'low_contrast');
  fail(sharpness < p.minSharpness, 'blurred');

  return {
    faceCount: faces.length,
    faceSize,
    interOcular: interOcularDistance(primary.landmarks),
    detectionScore: primary.score,
    sharpness,
    brightness,
    contrast,
    yaw,
    pitch,
    roll,
    failures,
  };
}

/** True when another face is big enough to be a second person in the capture rather than the background. */
function hasRivalFace(faces: readonly Detection[], primary: Detection, ratio: number): boolean {
  return faces.some(
    (face) =>
      face !== primary && iou(face.box, primary.box) < SAME_FACE_IOU && face.box.width >= ratio * primary.box.width,
  );
}

function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const intersection = w * h;
  return intersection / (a.width * a.height + b.width * b.height - intersection);
}
