import { notFound } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { Principal } from '../facegate-app.js';
import { requireOperator } from './require-operator.js';

/**
 * An operator lifts a lockout, for every client and the account as a whole: failures are forgotten and the next
 * attempt is judged on the face alone.
 */
export async function unlockUser(
  deps: Pick<AppDeps, 'clock' | 'repos'>,
  principal: Principal,
  userId: string,
): Promise<{ wasLocked: boolean }> {
  requireOperator(principal);
  const repos = deps.repos.forTenant(principal.tenantId);
  if (!(await repos.users.byId(userId))) throw notFound('User');
  const state = await repos.lockouts.get(userId);
  const latest = await repos.lockouts.latestLock(userId);
  const wasLocked = latest !== null && latest > deps.clock.nowMs();
  await repos.lockouts.reset(userId);
  await repos.auditEvents.add({
    action: 'user.unlocked',
    actor: principal.apiKeyId,
    subjectType: 'user',
    subjectId: userId,
    details: { wasLocked, failures: state?.failures ?? 0 },
  });
  return { wasLocked };
}
