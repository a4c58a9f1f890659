/**
 * API keys: 32 random bytes behind a readable prefix (`fgk_…` secret, `fgpk_…` publishable), stored only as sha256.
 * A fast hash is right here: the key has 256 bits of entropy, so there is nothing to brute-force,
 * and an indexed lookup by hash keeps authentication one query.
 */
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'fgk_';
/** A publishable key reads as one at a glance, so nobody mistakes a secret key for it or the other way round. */
export const PUBLISHABLE_KEY_PREFIX = 'fgpk_';

/** `fgk_` or `fgpk_` followed by 43 base64url characters (32 bytes). */
const API_KEY_SHAPE = /^fgp?k_[A-Za-z0-9_-]{43}$/;

/** Characters kept for display after the prefix, useless to an attacker. */
const DISPLAY_SUFFIX_LENGTH = 6;

export interface GeneratedApiKey {
  /** The secret: shown once to its owner, never stored. */
  key: string;
  /** Hex sha256 of `key`, what the database keeps. */
  hash: string;
  /** Start of the key, safe to show in consoles and logs. */
  displayPrefix: string;
}

/** A new random API key with its hash and display prefix. */
export function generateApiKey(
  prefix: typeof API_KEY_PREFIX | typeof PUBLISHABLE_KEY_PREFIX = API_KEY_PREFIX,
): GeneratedApiKey {
  const key = prefix + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), displayPrefix: key.slice(0, prefix.length + DISPLAY_SUFFIX_LENGTH) };
}

/** True when `value` has the shape of a FaceGate API key: check this before hashing untrusted input. */
export function isApiKeyShaped(value: string): boolean {
  return API_KEY_SHAPE.test(value);
}

/** Hex sha256 of an API key, the value `ApiKeys.findByHash` looks up. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
