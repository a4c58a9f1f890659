import { z } from 'zod';
import { captureRejectionCodes, entityId, envelope, modelVersion, qualityFeatures } from './common.js';

/** Reasons an enrollment capture is rejected: capture problems plus enrollment-only ones. */
export const enrollmentRejectionReasons = [
  ...captureRejectionCodes,
  /** The same face is already enrolled for another user of the tenant. */
  'duplicate_face',
  /** The uploaded object exceeded the size the signed URL allowed. */
  'upload_too_large',
  /** The uploaded object's content type is not an accepted image type. */
  'unsupported_content_type',
  /** The finalized object was gone by the time it was processed. */
  'upload_missing',
  /** Processing failed for a reason not caused by the capture; the user may retry. */
  'internal_error',
] as const;

export type EnrollmentRejectionReason = (typeof enrollmentRejectionReasons)[number];

/** `enrollment.rejected.v1`: the capture could not become a template; `reason` says why. */
export const enrollmentRejectedV1 = z.strictObject({
  ...envelope(1),
  enrollmentId: entityId,
  userId: entityId,
  captureId: entityId.optional(),
  reason: z.enum(enrollmentRejectionReasons),
  /** Short human-readable detail; never personal data. */
  message: z.string().max(500).optional(),
  modelVersion: modelVersion.optional(),
  quality: qualityFeatures.optional(),
});

export type EnrollmentRejectedV1 = z.infer<typeof enrollmentRejectedV1>;
