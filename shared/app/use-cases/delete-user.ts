import { blobKeys } from '../../ports/blob-store.js';
import { notFound } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { Principal } from '../facegate-app.js';
import { requireOperator } from './require-operator.js';

/**
 * Erase a person: every blob in the user's folder, then templates, captures and enrollments in one transaction.
 * Blobs go first so a failure half-way leaves rows that point at nothing rather than photos nobody can find.
 */
export async function deleteUser(
  deps: Pick<AppDeps, 'blobs' | 'index' | 'repos'>,
  principal: Principal,
  userId: string,
): Promise<void> {
  requireOperator(principal);
  const repos = deps.repos.forTenant(principal.tenantId);
  const user = await repos.users.byId(userId);
  if (!user) throw notFound('User');
  const captures = await repos.captures.listByUser(userId);
  await Promise.all(captures.map((c) => deps.blobs.delete(c.blobPath)));
  await deps.blobs.deletePrefix(blobKeys.userPrefix(principal.tenantId, userId));
  await repos.users.delete(userId);
  await repos.auditEvents.add({
    action: 'user.deleted',
    actor: principal.apiKeyId,
    subjectType: 'user',
    subjectId: userId,
  });
  deps.index.invalidate(principal.tenantId);
}
