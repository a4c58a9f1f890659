/**
 * What a log-in sends besides the face, gathered before verify: a fresh challenge; its signature by this browser's
 * device key for the username, when one was enrolled here; and, when the challenge carries a head-turn prompt, the
 * frames the page takes while the person turns. The server decides what the tenant requires and checks all of it
 * (a check only in the browser could be skipped by anyone calling the API directly).
 */
import { isMissingEndpoint } from '../api/api-error.js';
import type { Challenge, LoginFactors } from '../api/wire-types.js';
import { signChallenge, type DeviceKey } from './device-key.js';

export type TurnPrompt = NonNullable<Challenge['prompt']>;

/** The prompt in words for the person in front of the camera (their own left/right, not the mirrored preview's). */
export const PROMPT_WORDS: Record<TurnPrompt, string> = {
  turn_left: 'Now turn your head slowly to your left ←',
  turn_right: 'Now turn your head slowly to your right →',
};

export interface LoginFactorSources {
  createChallenge(): Promise<Challenge>;
  /** This browser's device key for the username, or null. */
  loadKey(username: string): Promise<DeviceKey | null>;
  /** Shows the prompt and returns the frames taken while the person turns ([] when there is no camera). */
  turnFrames(prompt: TurnPrompt): Promise<Blob[]>;
  subtle?: SubtleCrypto;
}

export async function gatherLoginFactors(username: string, sources: LoginFactorSources): Promise<LoginFactors> {
  let challenge: Challenge;
  try {
    challenge = await sources.createChallenge();
  } catch (error) {
    // A service without challenges asks for neither factor: log in with the face alone.
    if (isMissingEndpoint(error)) return {};
    throw error;
  }
  // A browser without IndexedDB (some private windows) simply has no key; the server says whether that matters.
  const key = await sources.loadKey(username).catch(() => null);
  const signature = key ? await signChallenge(key.privateKey, challenge, username, sources.subtle) : undefined;
  const frames = challenge.prompt ? await sources.turnFrames(challenge.prompt) : [];
  return {
    challengeId: challenge.challengeId,
    ...(signature ? { signature } : {}),
    ...(frames.length > 0 ? { frames } : {}),
  };
}
