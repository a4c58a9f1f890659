import { z } from 'zod';
import { entityId, envelope, modelVersion, qualityFeatures } from './common.js';

/** `face.enrolled.v1`: the embed function stored a template; the enrollment is active. */
export const faceEnrolledV1 = z.strictObject({
  ...envelope(1),
  enrollmentId: entityId,
  userId: entityId,
  captureId: entityId,
  templateId: entityId,
  modelVersion,
  dims: z.number().int().positive(),
  /** Quality features of the enrolled capture, for the console and drift reference. */
  quality: qualityFeatures.optional(),
});

export type FaceEnrolledV1 = z.infer<typeof faceEnrolledV1>;
