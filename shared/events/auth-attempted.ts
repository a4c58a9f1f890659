import { z } from 'zod';
import { captureRejectionCodes, entityId, envelope, modelVersion } from './common.js';

/** Reasons a verify/identify attempt is denied or fails. */
export const authDenialReasons = [
  ...captureRejectionCodes,
  /** Best score below the threshold. */
  'no_match',
  /** Identify: best score above the threshold but too close to the runner-up. */
  'ambiguous_match',
  /** Verify: the claimed username does not exist in the tenant. */
  'unknown_user',
  /** The user exists but has no active template of the current model. */
  'not_enrolled',
  /** Too many recent failures; attempts are refused for a while. */
  'locked_out',
  /** The tenant requires a device-key signature and none came. */
  'possession_required',
  /** The signature or its challenge was wrong, unknown, expired or already used, or the user has no device key. */
  'possession_invalid',
  /** The tenant wants an active challenge and no challenge or no challenge frames came. */
  'challenge_required',
  /** The challenge frames did not show the prompted head turn by the same person, or the challenge was not valid. */
  'challenge_failed',
  /** The tenant requires a liveness burst (or a light challenge) and the request carried no burst frames. */
  'burst_required',
  /** A burst frame had no usable face, or showed someone other than the capture's person. */
  'burst_unusable',
  /** Two frames of the burst were the same picture: a replayed still. */
  'replayed_frames',
  /** The face tilted in the burst like a flat picture (no depth between nose and face plane): a print or screen. */
  'flat_presentation',
  /** The face's colour did not follow the screen colours of the light challenge, or the challenge was not valid. */
  'light_challenge_failed',
  'internal_error',
] as const;

export type AuthDenialReason = (typeof authDenialReasons)[number];

/** `auth.attempted.v1`: one verify (1:1) or identify (1:N) attempt and its outcome. */
export const authAttemptedV1 = z.strictObject({
  ...envelope(1),
  attemptId: entityId,
  kind: z.enum(['verify', 'identify']),
  outcome: z.enum(['granted', 'denied']),
  reason: z.enum(authDenialReasons).optional(),
  /** Claimed user (verify) or matched user (identify), when known. */
  userId: entityId.optional(),
  score: z.number().finite().optional(),
  threshold: z.number().finite(),
  modelVersion,
  latencyMs: z.number().nonnegative().finite(),
  client: z
    .strictObject({
      ip: z.string().max(64).optional(),
      userAgent: z.string().max(256).optional(),
    })
    .optional(),
});

export type AuthAttemptedV1 = z.infer<typeof authAttemptedV1>;
