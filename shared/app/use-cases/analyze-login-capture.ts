import { ImageError } from '../../face/errors.js';
import type { FaceAnalysis, FaceEngine, LivenessResult } from '../../face/face-engine.js';
import type { StageTimings } from '../../face/types.js';
import type { AuthDenialReason } from '../../events/auth-attempted.js';
import { AppError } from '../app-error.js';
import { qualityFeatures } from '../quality-features.js';

/** Quality failures that make a login capture unusable; softer ones (pose, light) are left to the matcher. */
const BLOCKING: ReadonlySet<string> = new Set(['multiple_faces', 'face_too_small']);

export type LoginCapture =
  | { ok: true; analysis: FaceAnalysis; embedding: Float32Array; quality: Record<string, number> }
  | { ok: false; reason: AuthDenialReason; analysis: FaceAnalysis; quality?: Record<string, number> };

/** What an attempt record keeps of the capture: stage timings, quality features, liveness score. */
export function captureFacts(capture: LoginCapture): {
  timings: StageTimings;
  quality?: Record<string, number>;
  livenessScore?: number;
} {
  const liveness = capture.analysis.primary?.liveness;
  return {
    timings: capture.analysis.timings,
    ...(capture.quality ? { quality: capture.quality } : {}),
    ...(liveness ? { livenessScore: liveness.score } : {}),
  };
}

/** The denial reason for a face PAD judged not live: tampered captures are told apart from suspected spoofs. */
export function presentationAttackReason(liveness: LivenessResult): 'spoof_suspected' | 'capture_tampered' {
  return liveness.tampered ? 'capture_tampered' : 'spoof_suspected';
}

/**
 * Reasons that are presentation attacks: denied before any comparison, alerted as `spoof_suspected`. The last
 * three come from a liveness burst (burst-evidence.ts) and the light challenge (check-login-factors.ts).
 */
export const PRESENTATION_ATTACK_REASONS: ReadonlySet<string> = new Set([
  'spoof_suspected',
  'capture_tampered',
  'replayed_frames',
  'flat_presentation',
  'light_challenge_failed',
]);

/** What the security alert says of each presentation attack. */
export const ATTACK_SUMMARIES: Readonly<Record<string, string>> = {
  spoof_suspected: 'A verification capture looked like a presentation attack (photo or screen)',
  capture_tampered:
    'A verification capture carried no colour (converted to greyscale): treated as a presentation attack',
  replayed_frames: 'A verification burst sent the same picture twice: a replayed still',
  flat_presentation: 'A verification burst showed a face tilting like a flat picture (print or screen)',
  light_challenge_failed:
    "A verification burst's face colour did not follow the light challenge (screen or injected video)",
};

/** The alert summary of a presentation attack on a verify or on an identify (the same words, another noun). */
export function attackSummary(reason: string, kind: 'verify' | 'identify'): string {
  const summary = ATTACK_SUMMARIES[reason] ?? 'A verification looked like a presentation attack';
  return kind === 'verify' ? summary : summary.replace(/^A verification/, 'An identification');
}

/**
 * Analyse a verify/identify capture. Bytes that are not a usable image are the caller's error (422); a photo
 * without one clear face is a denied attempt with a reason the user can act on; a face the presentation-attack
 * detector judged not live is denied as `spoof_suspected` before anything is compared.
 */
export async function analyzeLoginCapture(
  engine: FaceEngine,
  image: Uint8Array,
  /** Deny a face the PAD model judged not live (FACEGATE_PAD_MODE=enforce). */
  enforcePad = false,
): Promise<LoginCapture> {
  let analysis: FaceAnalysis;
  try {
    analysis = await engine.analyze(image);
  } catch (err) {
    if (err instanceof ImageError)
      throw new AppError(err.code === 'image_too_large' ? 413 : 422, err.code, err.message);
    throw err;
  }
  const primary = analysis.primary;
  if (!primary?.embedding) return { ok: false, reason: 'no_face', analysis };
  const quality = qualityFeatures(primary.quality);
  if (enforcePad && primary.liveness?.live === false)
    return { ok: false, reason: presentationAttackReason(primary.liveness), analysis, quality };
  const blocking = primary.quality.failures.find((f) => BLOCKING.has(f));
  if (blocking) return { ok: false, reason: blocking as AuthDenialReason, analysis, quality };
  return { ok: true, analysis, embedding: primary.embedding, quality };
}
