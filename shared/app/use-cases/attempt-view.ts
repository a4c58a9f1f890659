import type { Attempt } from '../../domain/attempt.js';
import type { AttemptView } from '../facegate-app.js';
import type { TenantRepositories } from '../../ports/repositories.js';

/**
 * An attempt as operators see it: ISO times, the label without the labelling key's id, and the matched user's
 * current username (`usernames`: user id → username; null when there is no user or it was erased). The other members
 * pass through as stored: the API answers only what its schema names (shared/http/operator-response-schemas.ts).
 */
export function attemptView(a: Attempt, usernames: ReadonlyMap<string, string> = new Map()): AttemptView {
  return {
    ...a,
    // Both were stored as numbers (record-attempt.ts: the engine's timings and qualityFeatures).
    stageLatencies: a.stageLatencies as Record<string, number> | null,
    quality: a.quality as Record<string, number> | null,
    username: a.userId ? (usernames.get(a.userId) ?? null) : null,
    createdAt: new Date(a.createdAt).toISOString(),
    label: a.label
      ? { label: a.label.label, note: a.label.note, labelledAt: new Date(a.label.at).toISOString() }
      : null,
  };
}

/** The current usernames of the users these attempts name, one lookup per distinct user. */
export async function usernamesOf(
  users: Pick<TenantRepositories['users'], 'byId'>,
  attempts: readonly Pick<Attempt, 'userId'>[],
): Promise<Map<string, string>> {
  const ids = [...new Set(attempts.flatMap((a) => (a.userId ? [a.userId] : [])))];
  const found = await Promise.all(ids.map((id) => users.byId(id)));
  return new Map(found.flatMap((u) => (u ? [[u.id, u.username] as const] : [])));
}
