import type { Enrollment } from '../../domain/enrollment.js';
import type { User } from '../../domain/user.js';
import type { TenantRepositories } from '../../ports/repositories.js';
import type { UserView } from '../facegate-app.js';

function overallStatus(enrollments: Enrollment[]): UserView['status'] {
  for (const s of ['active', 'processing', 'pending', 'rejected'] as const)
    if (enrollments.some((e) => e.status === s)) return s;
  return 'none';
}

/** A user as operators see it: enrollment state, template count, and the lockout if one is running at `now`. */
export async function userView(repos: TenantRepositories, u: User, now: number): Promise<UserView> {
  const latestLock = await repos.lockouts.latestLock(u.id);
  return {
    userId: u.id,
    username: u.username,
    ...(u.displayName ? { displayName: u.displayName } : {}),
    ...(u.email ? { email: u.email } : {}),
    status: overallStatus(await repos.enrollments.listByUser(u.id)),
    templates: await repos.templates.countByUser(u.id),
    createdAt: new Date(u.createdAt).toISOString(),
    ...(latestLock !== null && latestLock > now ? { lockedUntil: new Date(latestLock).toISOString() } : {}),
  };
}
