/**
 * What a log-in sends besides the face, gathered before verify: a fresh challenge; this device's passkey signature
 * over it (or, for an account enrolled before passkeys, the signature of the device key kept in this browser);
 * and, when the challenge carries a head-turn prompt, the
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
  /** This device's passkey signature over the challenge, or null (passkey.ts `assertPasskey`). */
  assertPasskey?(challenge: Challenge): Promise<object | null>;
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
  // An old device key here means the account was enrolled on this browser before passkeys: it still proves it.
  const signature = key ? await signChallenge(key.privateKey, challenge, username, sources.subtle) : undefined;
  // The passkey is asked only when the tenant wants it: otherwise the person would be prompted for nothing.
  const passkey = signature || !challenge.possession ? null : await (sources.assertPasskey?.(challenge) ?? null);
  const frames = challenge.prompt ? await sources.turnFrames(challenge.prompt) : [];
  return {
    challengeId: challenge.challengeId,
    ...(signature ? { signature } : {}),
    ...(passkey ? { passkey } : {}),
    ...(frames.length > 0 ? { frames } : {}),
  };
}
