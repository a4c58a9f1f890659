/**
 * The lockout side of a verification (NIST SP 800-63B §5.2.2), in two scopes (issue 12, finding 7):
 *
 * - per (account, client): `threshold` consecutive failures from one client (an IPv4 address or an IPv6 /64) lock
 *   the account for that client, with a doubling delay, so one attacker with the client key locks only themselves
 *   out, never the owner on another network;
 * - per account: `accountCap` consecutive failures from all clients together lock it for everyone, the bound on
 *   the guesses a distributed attacker gets.
 *
 * Every attempt on a known account takes a slot in both scopes before any face work (`reserveLoginSlot`): the
 * slot counts the attempt as a failure in advance and, at a limit, sets the lock at once, atomically in the
 * database, so of many attempts arriving together no comparison runs beyond the limit. A success resets both, an
 * attempt that turns out not to count (no face, a quality problem, an error) gives its slot back.
 */
import type { AuthDenialReason } from '../../events/auth-attempted.js';
import { accountDelayMs, lockoutClientKey, lockoutDelayMs } from '../../domain/lockout-policy.js';
import type { LockoutReservation } from '../../ports/repositories.js';
import type { AppDeps } from '../app-deps.js';
import { raiseAlert } from './raise-alert.js';

/** The part of the app's dependencies this module's steps use. */
export type AccountLockoutDeps = Pick<AppDeps, 'bus' | 'clock' | 'log' | 'repos' | 'security'>;

/** Denials that count against the account: a face was compared and did not match, or an attack was suspected. */
const COUNTED: ReadonlySet<AuthDenialReason> = new Set([
  'no_match',
  'spoof_suspected',
  'capture_tampered',
  'replayed_frames',
  'flat_presentation',
  'light_challenge_failed',
]);

export function countsAsFailure(reason: AuthDenialReason): boolean {
  return COUNTED.has(reason);
}

/** An attempt's place in both lockout scopes. */
export interface LoginSlot {
  userId: string;
  clientKey: string;
  client: LockoutReservation;
  account: LockoutReservation;
}

/**
 * Takes the attempt's slot in the client scope, then the account scope.
 * @returns the slot, or the seconds the account stays locked for this client (nothing is held then).
 */
export async function reserveLoginSlot(
  deps: AccountLockoutDeps,
  tenantId: string,
  userId: string,
  clientIp: string | undefined,
): Promise<LoginSlot | { lockedSeconds: number }> {
  const policy = deps.security.lockout;
  const lockouts = deps.repos.forTenant(tenantId).lockouts;
  const now = deps.clock.nowMs();
  const clientKey = lockoutClientKey(clientIp);
  const seconds = (until: number) => Math.max(1, Math.ceil((until - now) / 1000));
  const client = await lockouts.reserve(userId, {
    client: clientKey,
    now,
    delayMs: (failures) => lockoutDelayMs(policy, failures),
  });
  if (!('failures' in client)) return { lockedSeconds: seconds(client.lockedUntil) };
  const account = await lockouts
    .reserve(userId, { client: null, now, delayMs: (failures) => accountDelayMs(policy, failures) })
    .catch(async (err: unknown) => {
      await lockouts.release(userId, client);
      throw err;
    });
  if (!('failures' in account)) {
    await lockouts.release(userId, client);
    return { lockedSeconds: seconds(account.lockedUntil) };
  }
  return { userId, clientKey, client, account };
}

/** The attempt did not count (no face compared, an error): both scopes get their slot back. */
export async function releaseLoginSlot(deps: AccountLockoutDeps, tenantId: string, slot: LoginSlot): Promise<void> {
  const lockouts = deps.repos.forTenant(tenantId).lockouts;
  await lockouts.release(slot.userId, slot.account);
  await lockouts.release(slot.userId, slot.client);
}

/** The attempt failed: its slot stays counted (and any lock it set stays); raises the alerts. */
export async function recordLoginFailure(deps: AccountLockoutDeps, tenantId: string, slot: LoginSlot): Promise<void> {
  const policy = deps.security.lockout;
  const repos = deps.repos.forTenant(tenantId);
  const { userId } = slot;
  const failures = slot.account.failures;
  const lockedUntil = slot.account.lockedUntil ?? slot.client.lockedUntil;
  const everyone = slot.account.lockedUntil !== null;
  if (failures !== policy.alertAfter && lockedUntil === null) return;

  const recent = await repos.attempts.list({ userId, outcome: 'denied', limit: Math.min(failures, 100) });
  const attemptIds = recent.items
    .filter((a) => a.reason !== null && COUNTED.has(a.reason as AuthDenialReason))
    .map((a) => a.id)
    .reverse();
  if (failures === policy.alertAfter) {
    await raiseAlert(deps, {
      tenantId,
      kind: 'repeated_failures',
      severity: 'medium',
      userId,
      attemptIds,
      summary: `${failures} failed face logins in a row for this account`,
    });
  }
  if (lockedUntil !== null) {
    const seconds = Math.ceil((lockedUntil - deps.clock.nowMs()) / 1000);
    const who = everyone
      ? `for every address after ${failures} failed face logins in a row`
      : `for one client address after ${slot.client.failures} failed face logins in a row from it`;
    await raiseAlert(deps, {
      tenantId,
      kind: 'account_locked',
      severity: 'high',
      userId,
      attemptIds,
      summary: `Account locked for ${seconds} s ${who}`,
      lockedForSeconds: seconds,
    });
  }
}

/** A success starts the count again, for the account and for the client it came from. */
export async function recordLoginSuccess(deps: AccountLockoutDeps, tenantId: string, slot: LoginSlot): Promise<void> {
  await deps.repos.forTenant(tenantId).lockouts.reset(slot.userId, slot.clientKey);
}
