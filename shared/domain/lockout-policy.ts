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
  /**
   * `threshold` counts the failures of one client (an IPv4 address or an IPv6 /64) on the account, so one attacker
   * locks only themselves out; this many consecutive failures from all clients together lock the account for
   * everyone (with the same doubling delay), the cap on how many guesses a distributed attacker gets.
   */
  accountCap: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = {
  threshold: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  alertAfter: 3,
  accountCap: 20,
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

/** The delay after the `failures`-th consecutive failure of the whole account (the global cap's tiers). */
export function accountDelayMs(policy: LockoutPolicy, failures: number): number {
  return lockoutDelayMs({ ...policy, threshold: policy.accountCap }, failures);
}

/**
 * The client a lockout counts per: the IPv4 address, or the /64 of an IPv6 address (one subscriber's network, in
 * which an attacker picks new addresses for free); an IPv4-mapped IPv6 address is its IPv4 address. Without a
 * known address every such request is one client, `unknown`.
 */
export function lockoutClientKey(ip: string | undefined): string {
  const address = (ip ?? '').trim().toLowerCase();
  if (address === '') return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address.slice(0, 64);
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? g.replace(/^0+(?=.)/, '') : '?'))
    .join(':')}::/64`;
}
