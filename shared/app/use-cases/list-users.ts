import type { AppDeps } from '../app-deps.js';
import type { ListUsersInput, Principal, UserView } from '../facegate-app.js';
import { badRequest } from '../app-error.js';
import { readPage } from './read-page.js';
import { requireOperator } from './require-operator.js';
import { userViews } from './user-view.js';

export async function listUsers(
  deps: Pick<AppDeps, 'clock' | 'repos'>,
  principal: Principal,
  input: ListUsersInput,
): Promise<{ users: UserView[]; nextCursor?: string }> {
  requireOperator(principal);
  if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > 500)) {
    throw badRequest('invalid_request', 'limit must be an integer from 1 to 500');
  }
  const repos = deps.repos.forTenant(principal.tenantId);
  const page = await readPage(() =>
    repos.users.list({
      ...(input.search ? { search: input.search } : {}),
      ...(input.limit ? { limit: input.limit } : {}),
      ...(input.cursor ? { cursor: input.cursor } : {}),
    }),
  );
  const users = await userViews(repos, page.items, deps.clock.nowMs());
  return { users, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
