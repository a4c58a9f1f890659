import type { Landmarks5 } from '../types.js';

/** Head rotation in degrees, estimated from five 2-D landmarks. NaN when the landmarks are degenerate. */
export interface HeadPose {
  /**
   * Turn left/right. Positive when the nose tip lies to the image's right of the eye-mouth midline
   * (in a non-mirrored photo: the subject turned towards their own left).
   */
  yaw: number;
  /** Nod. Positive when the nose tip sits closer to the mouth than in a frontal face: looking down. */
  pitch: number;
  /** In-plane tilt of the eye line. Positive when the image-right eye is lower (a clockwise tilt on screen). */
  roll: number;
}

/**
 * Mean-face proportions behind the estimate. Five 2-D points cannot give an exact pose, so we treat the eyes and
 * mouth corners as one plane and the nose tip as a point in front of it, with weak-perspective projection:
 *
 * - Yaw by θ moves the nose tip sideways off the midline by D·sin θ while the projected inter-ocular distance
 *   shrinks to IOD·cos θ, so offset / projected IOD = (D / IOD)·tan θ, hence θ = atan(offset / (k·IOD)).
 *   (Dividing by the projected IOD, the measurement we have, is why this is an atan rather than an asin.)
 * - Pitch by φ moves the nose tip along the midline by D·sin φ while the eye-mouth distance shrinks to EM·cos φ,
 *   so its relative position t = r0 + (D / EM)·tan φ, hence φ = atan((t − r0)·EM / D).
 *
 * The constants come from the ArcFace 5-point template (the average of aligned, mostly frontal faces: eye-to-mouth
 * 1.15 IOD, nose at 0.49 of the way from eye line to mouth line) and a nose-tip depth of about 0.4 IOD (roughly
 * 25 mm in front of the eye/mouth-corner plane for a 63 mm inter-pupillary distance). Individual faces vary: r0 by
 * about ±0.05 (±8° of pitch) and the nose depth by ±25% (proportionally on yaw), and expressions move the mouth,
 * so treat these as coarse angles for a gate, not measurements. Measured on this repo's MTCNN landmarks: webcam
 * users facing the camera (NUAA) had a median nose ratio of 0.495, matching r0, while posed and smiling wild
 * photos had 0.56 (about +12° of pitch) with a 10th-90th percentile spread of 0.42-0.67.
 */
export const POSE_MODEL = Object.freeze({
  /** k: nose-tip depth in front of the eye/mouth plane, over the frontal inter-ocular distance. */
  noseDepthPerInterOcular: 0.4,
  /** Frontal distance from the eye line to the mouth line, over the inter-ocular distance. */
  eyeMouthPerInterOcular: 1.15,
  /** r0: frontal position of the nose tip between the eye line (0) and the mouth line (1). */
  frontalNoseRatio: 0.49,
});

const DEGREES = 180 / Math.PI;

/** Distance between the two eye landmarks. */
export function interOcularDistance(landmarks: Landmarks5): number {
  const [leftEye, rightEye] = landmarks;
  return Math.hypot(rightEye.x - leftEye.x, rightEye.y - leftEye.y);
}

/** Estimates yaw, pitch and roll from the landmarks (order: image-left eye, image-right eye, nose, mouth L, R). */
export function estimatePose(landmarks: Landmarks5): HeadPose {
  const [leftEye, rightEye, nose, mouthLeft, mouthRight] = landmarks;
  const iod = interOcularDistance(landmarks);
  const eyes = { x: (leftEye.x + rightEye.x) / 2, y: (leftEye.y + rightEye.y) / 2 };
  const mouth = { x: (mouthLeft.x + mouthRight.x) / 2, y: (mouthLeft.y + mouthRight.y) / 2 };
  const midlineX = mouth.x - eyes.x;
  const midlineY = mouth.y - eyes.y;
  const eyeMouth = Math.hypot(midlineX, midlineY);
  // A fraction of a pixel between the eyes or between eyes and mouth is not a face we can reason about.
  if (!(iod > 1e-3 && eyeMouth > 1e-3)) return { yaw: NaN, pitch: NaN, roll: NaN };

  const roll = Math.atan2(rightEye.y - leftEye.y, rightEye.x - leftEye.x) * DEGREES;

  // Unit vector down the midline, and the nose tip in (across, along) midline coordinates from the eye midpoint.
  const downX = midlineX / eyeMouth;
  const downY = midlineY / eyeMouth;
  const noseX = nose.x - eyes.x;
  const noseY = nose.y - eyes.y;
  const across = noseX * downY - noseY * downX;
  const along = (noseX * downX + noseY * downY) / eyeMouth;

  const k = POSE_MODEL.noseDepthPerInterOcular;
  const yaw = Math.atan(across / (k * iod)) * DEGREES;
  const pitch = Math.atan(((along - POSE_MODEL.frontalNoseRatio) * POSE_MODEL.eyeMouthPerInterOcular) / k) * DEGREES;
  return { yaw, pitch, roll };
}
