import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { badRequest } from '../app-error.js';
import type { AttemptView, ListAttemptsInput, Principal } from '../facegate-app.js';
import { readPage } from './read-page.js';
import { requireOperator } from './require-operator.js';
import { attemptView, usernamesOf } from './attempt-view.js';

const query = z.strictObject({
  kind: z.enum(['verify', 'identify']).optional(),
  outcome: z.enum(['granted', 'denied', 'error']).optional(),
  userId: z.string().min(1).max(64).optional(),
  username: z.string().min(1).max(128).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  cursor: z.string().min(1).max(512).optional(),
});

/** The operator's attempts log, newest first, filtered by kind, outcome, user and time. */
export async function listAttempts(
  deps: Pick<AppDeps, 'repos'>,
  principal: Principal,
  input: ListAttemptsInput,
): Promise<{ attempts: AttemptView[]; nextCursor?: string }> {
  requireOperator(principal);
  const parsed = query.safeParse(input);
  if (!parsed.success) throw badRequest('invalid_request', 'Invalid attempts query', parsed.error.issues);
  const q = parsed.data;
  const repos = deps.repos.forTenant(principal.tenantId);
  let userId = q.userId;
  if (q.username !== undefined) {
    const named = await repos.users.byUsername(q.username);
    // An unknown name, or a name and an id of two different users: nothing can match both.
    if (!named || (userId !== undefined && userId !== named.id)) return { attempts: [] };
    userId = named.id;
  }
  const page = await readPage(() =>
    repos.attempts.list({
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}),
      ...(userId ? { userId } : {}),
      ...(q.since ? { since: Date.parse(q.since) } : {}),
      ...(q.until ? { until: Date.parse(q.until) } : {}),
      limit: q.limit ?? 100,
      ...(q.cursor ? { cursor: q.cursor } : {}),
    }),
  );
  const usernames = await usernamesOf(repos.users, page.items);
  return {
    attempts: page.items.map((a) => attemptView(a, usernames)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
