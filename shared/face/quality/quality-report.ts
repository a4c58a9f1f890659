/** Reason codes a capture can fail quality on; each maps to plain advice in the client. */
export type QualityReason =
  | 'no_face'
  | 'multiple_faces'
  | 'face_too_small'
  | 'low_confidence'
  | 'too_dark'
  | 'too_bright'
  | 'low_contrast'
  | 'blurred'
  | 'pose_yaw'
  | 'pose_pitch'
  | 'pose_roll';

export interface QualityReport {
  faceCount: number;
  /** Face box width in source pixels. */
  faceSize: number;
  /** Distance between the eyes in source pixels. */
  interOcular: number;
  detectionScore: number;
  /** Variance of the Laplacian of the grey face crop: low = blurred. */
  sharpness: number;
  /** Mean luma of the face crop, 0..255. */
  brightness: number;
  /** Standard deviation of luma of the face crop. */
  contrast: number;
  /** Degrees, estimated from the five landmarks. */
  yaw: number;
  pitch: number;
  roll: number;
  /** Every check that failed under the given policy; empty = good capture. */
  failures: QualityReason[];
}
