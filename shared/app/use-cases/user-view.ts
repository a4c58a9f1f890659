import type { EnrollmentStatus } from '../../domain/enrollment.js';
import type { User } from '../../domain/user.js';
import type { TenantRepositories } from '../../ports/repositories.js';
import type { UserView } from '../facegate-app.js';

function overallStatus(statuses: readonly EnrollmentStatus[]): UserView['status'] {
  for (const s of ['active', 'processing', 'pending', 'rejected'] as const) if (statuses.includes(s)) return s;
  return 'none';
}

/**
 * Users as operators see them: enrollment state, template count, and the lockout if one is running at `now`.
 * A page of users costs a fixed number of reads (one per kind of fact), not a few per user.
 */
export async function userViews(repos: TenantRepositories, users: readonly User[], now: number): Promise<UserView[]> {
  const ids = users.map((u) => u.id);
  const [statuses, templates, locks] = await Promise.all([
    repos.enrollments.statusesByUsers(ids),
    repos.templates.countByUsers(ids),
    repos.lockouts.latestLocks(ids),
  ]);
  return users.map((u) => {
    const latestLock = locks.get(u.id);
    return {
      userId: u.id,
      username: u.username,
      ...(u.displayName ? { displayName: u.displayName } : {}),
      ...(u.email ? { email: u.email } : {}),
      status: overallStatus(statuses.get(u.id) ?? []),
      templates: templates.get(u.id) ?? 0,
      createdAt: new Date(u.createdAt).toISOString(),
      ...(latestLock !== undefined && latestLock > now ? { lockedUntil: new Date(latestLock).toISOString() } : {}),
    };
  });
}

/** One user as operators see it (see `userViews`). */
export async function userView(repos: TenantRepositories, u: User, now: number): Promise<UserView> {
  const [view] = await userViews(repos, [u], now);
  return view!;
}
