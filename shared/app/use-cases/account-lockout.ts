/**
 * The lockout side of a verification (NIST SP 800-63B §5.2.2): refuse attempts on a locked account, count
 * consecutive failures, lock with a doubling delay, raise alerts, and start again after a success.
 */
import type { AuthDenialReason } from '../../events/auth-attempted.js';
import { lockedForSeconds, lockoutDelayMs } from '../../domain/lockout-policy.js';
import type { AppDeps } from '../app-deps.js';
import { raiseAlert } from './raise-alert.js';

/** Denials that count against the account: a face was compared and did not match, or an attack was suspected. */
const COUNTED: ReadonlySet<AuthDenialReason> = new Set(['no_match', 'spoof_suspected', 'capture_tampered']);

export function countsAsFailure(reason: AuthDenialReason): boolean {
  return COUNTED.has(reason);
}

/** Seconds the account stays locked, 0 when it accepts attempts. */
export async function lockedSeconds(deps: AppDeps, tenantId: string, userId: string): Promise<number> {
  const state = await deps.repos.forTenant(tenantId).lockouts.get(userId);
  return lockedForSeconds(state, deps.clock.nowMs());
}

/** Counts one failure of `userId`, locks the account once the threshold is reached and raises the alerts. */
export async function recordLoginFailure(deps: AppDeps, tenantId: string, userId: string): Promise<void> {
  const policy = deps.security.lockout;
  const repos = deps.repos.forTenant(tenantId);
  const state = await repos.lockouts.recordFailure(userId);
  const delayMs = lockoutDelayMs(policy, state.failures);
  if (delayMs > 0) await repos.lockouts.lockUntil(userId, deps.clock.nowMs() + delayMs);
  if (state.failures !== policy.alertAfter && delayMs === 0) return;

  const recent = await repos.attempts.list({ userId, outcome: 'denied', limit: Math.min(state.failures, 100) });
  const attemptIds = recent.items
    .filter((a) => a.reason !== null && COUNTED.has(a.reason as AuthDenialReason))
    .map((a) => a.id)
    .reverse();
  if (state.failures === policy.alertAfter) {
    await raiseAlert(deps, {
      tenantId,
      kind: 'repeated_failures',
      severity: 'medium',
      userId,
      attemptIds,
      summary: `${state.failures} failed face logins in a row for this account`,
    });
  }
  if (delayMs > 0) {
    const seconds = Math.ceil(delayMs / 1000);
    await raiseAlert(deps, {
      tenantId,
      kind: 'account_locked',
      severity: 'high',
      userId,
      attemptIds,
      summary: `Account locked for ${seconds} s after ${state.failures} failed face logins in a row`,
      lockedForSeconds: seconds,
    });
  }
}

/** A success starts the count again. */
export async function recordLoginSuccess(deps: AppDeps, tenantId: string, userId: string): Promise<void> {
  await deps.repos.forTenant(tenantId).lockouts.reset(userId);
}
