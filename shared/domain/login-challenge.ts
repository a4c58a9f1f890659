/**
 * A single-use, short-lived server challenge for one login: its nonce is what the device key signs, and its prompt
 * (when the tenant wants an active challenge) is the head turn the login frames must show.
 */

/** Which way to turn the head, from the user's own point of view. */
export type ActivePrompt = 'turn_left' | 'turn_right';

export const ACTIVE_PROMPTS: readonly ActivePrompt[] = ['turn_left', 'turn_right'];

export interface LoginChallenge {
  id: string;
  tenantId: string;
  /** base64url of 32 random bytes. */
  nonce: string;
  prompt: ActivePrompt | null;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Set once, when a verify request used the challenge; null while unused. */
  consumedAt: number | null;
  createdAt: number;
}
