/**
 * Building blocks shared by every event contract: the envelope every payload carries and the small
 * field types (ids, reason codes, quality features) several events reuse.
 */
import { z } from 'zod';

/** Tenant, user and other entity ids: URL- and object-key-safe, at most 64 characters. */
export const entityId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'expected an id of letters, digits, "_" or "-" (max 64)');

/** An ISO-8601 timestamp with a zone (Z or an offset). */
export const isoTimestamp = z.iso.datetime({ offset: true });

/** Version id of the model that produced a score or template, e.g. "facerecognitionnet@0.22.5". */
export const modelVersion = z.string().min(1).max(128);

/**
 * Envelope fields present on every event. `schemaVersion` is the major version that also ends the topic name,
 * so a consumer can tell the contract from the payload alone.
 */
export function envelope<V extends number>(schemaVersion: V) {
  return {
    eventId: z.uuid(),
    tenantId: entityId,
    occurredAt: isoTimestamp,
    schemaVersion: z.literal(schemaVersion),
  };
}

/**
 * Named numeric quality features of one capture (brightness, sharpness, faceSize, yaw...). Capped in count and
 * key shape so the field can never smuggle an embedding or image bytes.
 */
export const qualityFeatures = z
  .record(z.string().regex(/^[a-z][A-Za-z0-9_]{0,63}$/), z.number().finite())
  .refine((record) => Object.keys(record).length <= 32, 'at most 32 quality features');

/** Why the image itself could not be used (mirrors shared/face ImageErrorCode). */
export const imageErrorCodes = [
  'not_an_image',
  'unsupported_format',
  'truncated_image',
  'image_too_large',
  'image_too_small',
] as const;

/** Why the face in the image failed the quality gate (mirrors shared/face QualityReason). */
export const qualityReasonCodes = [
  'no_face',
  'multiple_faces',
  'face_too_small',
  'low_confidence',
  'too_dark',
  'too_bright',
  'low_contrast',
  'blurred',
  'pose_yaw',
  'pose_pitch',
  'pose_roll',
] as const;

/** Every reason a single capture can be refused, before any comparison with stored templates. */
export const captureRejectionCodes = [
  ...imageErrorCodes,
  ...qualityReasonCodes,
  'spoof_suspected',
  /** PAD enforced and the face carried no colour at all: converted to greyscale on the way, itself an attack cue. */
  'capture_tampered',
] as const;
