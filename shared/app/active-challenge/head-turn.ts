/**
 * The server's half of the active challenge: did the head turn the way the prompt asked between the frame facing
 * the camera and the challenge frames? Yaw comes from the five landmarks (shared/face/quality/pose.ts): positive
 * when, in a non-mirrored photo, the subject has turned towards their own left. The estimate is coarse (±25% on
 * the angle, a few degrees of noise on a frontal face), so the bar is a clear turn, well above that noise, that
 * a person does without strain.
 */
import type { ActivePrompt } from '../../domain/login-challenge.js';

/** Smallest change of yaw, in the prompted direction, that counts as a turn. */
export const MIN_TURN_DEGREES = 15;

/** +1 when the prompt's turn raises the yaw estimate, −1 when it lowers it. */
export function yawDirection(prompt: ActivePrompt): 1 | -1 {
  return prompt === 'turn_left' ? 1 : -1;
}

/**
 * The largest turn in the prompted direction shown by any frame, in degrees (negative: the wrong way; NaN when
 * no yaw is known).
 */
export function promptedTurn(prompt: ActivePrompt, neutralYaw: number, frameYaws: readonly number[]): number {
  const turns = frameYaws
    .filter((yaw) => Number.isFinite(yaw) && Number.isFinite(neutralYaw))
    .map((yaw) => yawDirection(prompt) * (yaw - neutralYaw));
  return turns.length > 0 ? Math.max(...turns) : NaN;
}

/** True when some frame turned at least MIN_TURN_DEGREES the prompted way. */
export function headTurnShown(prompt: ActivePrompt, neutralYaw: number, frameYaws: readonly number[]): boolean {
  return promptedTurn(prompt, neutralYaw, frameYaws) >= MIN_TURN_DEGREES;
}
