/**
 * Account lockout after repeated failed logins (NIST SP 800-63B §5.2.2): after `threshold` consecutive failures
 * each further attempt waits at least `baseDelayMs`, doubling with every further failure, capped at `maxDelayMs`
 * so nobody is ever locked out for good. A success, or an operator's unlock, starts the count again.
 */

export interface LockoutPolicy {
  /** Consecutive failures that start the delay (5 in the issue, as NIST allows up to 100). */
  threshold: number;
  /** Delay after the `threshold`-th failure, in milliseconds (≥ 30 s). */
  baseDelayMs: number;
  /** Longest delay, in milliseconds: the doubling stops here. */
  maxDelayMs: number;
  /** Consecutive failures at which a `repeated_failures` alert is raised (before any lockout). */
  alertAfter: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = {
  threshold: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  alertAfter: 3,
};

/** What is stored per account: the failure count and until when the account is locked. */
export interface LockoutState {
  /** Consecutive failures since the last success or unlock. */
  failures: number;
  /** Epoch milliseconds; null or in the past = not locked. */
  lockedUntil: number | null;
}

/** Delay imposed after the `failures`-th consecutive failure; 0 below the threshold. */
export function lockoutDelayMs(policy: LockoutPolicy, failures: number): number {
  if (failures < policy.threshold) return 0;
  const doublings = failures - policy.threshold;
  // 2^doublings overflows to Infinity long before it matters; the cap keeps it finite.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(doublings, 52));
}

/** Seconds (rounded up, at least 1) the account stays locked at `nowMs`, or 0 when it is not locked. */
export function lockedForSeconds(state: LockoutState | null, nowMs: number): number {
  if (!state?.lockedUntil || state.lockedUntil <= nowMs) return 0;
  return Math.max(1, Math.ceil((state.lockedUntil - nowMs) / 1000));
}
