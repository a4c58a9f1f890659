/**
 * Thresholds a capture must meet. Sizes are in pixels of the image handed to `assessQuality` (the engine's
 * analysed image, which may be a downscaled copy of the upload); luma values are 0..255; angles in degrees.
 */
export interface QualityPolicy {
  /** Smallest accepted face box width. Below ~60 px the 150 px embedding chip is mostly interpolation. */
  minFaceSize: number;
  /** Smallest accepted detector confidence (MTCNN O-Net probability; real faces usually score > 0.99). */
  minDetectionScore: number;
  /** Mean luma of the face patch must lie in [minBrightness, maxBrightness]. */
  minBrightness: number;
  maxBrightness: number;
  /** Smallest accepted standard deviation of luma on the face patch. */
  minContrast: number;
  /** Smallest accepted variance of the Laplacian on the face patch (see sharpness.ts). */
  minSharpness: number;
  /** Largest accepted absolute angles (see pose.ts for how coarse these estimates are). */
  maxYaw: number;
  maxPitch: number;
  maxRoll: number;
  /**
   * Another face whose box is at least this fraction of the primary face's box width makes the capture ambiguous
   * (`multiple_faces`); smaller faces are people in the background and are ignored.
   */
  secondFaceRatio: number;
}

/**
 * Defaults, measured on the face patch (the middle 70% of each image standing in for the detector box: 96 px for
 * 101 in-the-wild 150 px face chips, 64 px native for 72 ORL faces):
 * - sharpness: originals had a 5th percentile of 33 (chips) and a minimum of 154 (ORL); after a Gaussian blur
 *   of sigma 2 px the medians were 16 and 19, after sigma 3 px 5 and 6. 15 flags 2% of the (often soft, JPEG)
 *   chips, about half of the sigma-2 copies and every sigma-3 copy.
 * - brightness: originals had a mean luma from 75 (5th-95th percentile 97-180); copies darkened to 30% read 22-54.
 * - contrast: originals had a luma std of at least 21; the darkened copies mostly under 15.
 * - pose: FaceRecognitionNet tolerates moderate pose; the limits leave room for the ±8° error of the estimate.
 *   Roll is corrected by alignment, so its limit is the loosest.
 */
export const DEFAULT_QUALITY_POLICY: Readonly<QualityPolicy> = Object.freeze({
  minFaceSize: 60,
  minDetectionScore: 0.9,
  minBrightness: 60,
  maxBrightness: 210,
  minContrast: 15,
  minSharpness: 15,
  maxYaw: 25,
  maxPitch: 25,
  maxRoll: 30,
  secondFaceRatio: 0.5,
});

/** Defaults overlaid with the given fields; `undefined` fields keep their default. */
export function resolveQualityPolicy(overrides: Partial<QualityPolicy> = {}): QualityPolicy {
  const policy: QualityPolicy = { ...DEFAULT_QUALITY_POLICY };
  for (const key of Object.keys(DEFAULT_QUALITY_POLICY) as (keyof QualityPolicy)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value)) throw new RangeError(`quality policy ${key} must be a finite number`);
    policy[key] = value;
  }
  return policy;
}
