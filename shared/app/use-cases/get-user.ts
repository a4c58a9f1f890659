import type { AppDeps } from '../app-deps.js';
import { notFound } from '../app-error.js';
import type { Principal, UserDetailView } from '../facegate-app.js';
import { possessionCredentialsView } from './possession-credentials-view.js';
import { requireOperator } from './require-operator.js';
import { userView } from './user-view.js';

/**
 * One user for the operator's user page: the user, their enrollment photos (ids only; each is fetched apart) and
 * their possession credentials.
 */
export async function getUser(
  deps: Pick<AppDeps, 'clock' | 'repos'>,
  principal: Principal,
  userId: string,
): Promise<UserDetailView> {
  requireOperator(principal);
  if (userId.length > 64) throw notFound('User');
  const repos = deps.repos.forTenant(principal.tenantId);
  const user = await repos.users.byId(userId);
  if (!user) throw notFound('User');
  const captures = await repos.captures.listByUser(userId);
  return {
    user: await userView(repos, user, deps.clock.nowMs()),
    photos: captures
      .filter((c) => c.kind === 'enroll')
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((c) => ({ captureId: c.id, createdAt: new Date(c.createdAt).toISOString() })),
    ...(await possessionCredentialsView(repos, userId)),
  };
}
