/**
 * What a login's burst of frames decides (the BurstLiveness port gathers the evidence): frames that cannot be used
 * or show someone else, one picture sent again, a face that tilts like a flat picture, or a passive check that
 * fails on most frames deny the attempt; otherwise the passive check of the capture stands, now with more evidence
 * behind it. Every attempt records which evidence it was judged on.
 */
import { ImageError } from '../../face/errors.js';
import type { BurstEvidence } from '../../ports/burst-liveness.js';
import type { AuthDenialReason } from '../../events/auth-attempted.js';
import { AppError } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { LoginCapture } from './analyze-login-capture.js';
import type { ModelChoice } from './tenant-model.js';

/** Burst denials that are presentation attacks: alerted, and counted towards the lockout. */
export const BURST_ATTACK_REASONS: ReadonlySet<string> = new Set(['replayed_frames', 'flat_presentation']);

/** The reason a burst denies the attempt, or null when it leaves the decision to the capture. */
export function burstDenial(evidence: BurstEvidence): AuthDenialReason | null {
  if (evidence.unusable > 0) return 'burst_unusable';
  if (evidence.motion?.verdict === 'replayed') return 'replayed_frames';
  if (evidence.motion?.verdict === 'planar') return 'flat_presentation';
  if (evidence.passiveLive === false) return 'spoof_suspected';
  return null;
}

/**
 * The evidence an attempt was judged on, as recorded with it: `passive` (one capture), `burst:<motion verdict>`
 * (frames examined), `light` (the light challenge followed).
 */
export function livenessEvidenceLabel(evidence: BurstEvidence | undefined, light = false): string {
  const parts = ['passive'];
  if (evidence) parts.push(`burst:${evidence.motion?.verdict ?? 'unusable'}`);
  if (light) parts.push('light');
  return parts.join('+');
}

/** Examines the burst of a capture that passed analysis; bytes that are not an image are the caller's error. */
export async function examineBurst(
  deps: Pick<AppDeps, 'burstLiveness'>,
  model: Pick<ModelChoice, 'engine' | 'threshold'>,
  capture: Extract<LoginCapture, { ok: true }>,
  bytes: Uint8Array,
  frames: readonly Uint8Array[],
  colours: boolean,
): Promise<BurstEvidence> {
  try {
    return await deps.burstLiveness.examine({
      engine: model.engine,
      threshold: model.threshold,
      capture: { bytes, analysis: capture.analysis },
      frames,
      colours,
    });
  } catch (err) {
    if (err instanceof ImageError)
      throw new AppError(err.code === 'image_too_large' ? 413 : 422, err.code, `A burst frame: ${err.message}`);
    throw err;
  }
}
