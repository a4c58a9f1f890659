import type { Attempt } from '../../domain/attempt.js';
import type { AttemptView } from '../facegate-app.js';
import type { TenantRepositories } from '../../ports/repositories.js';

/**
 * An attempt as operators see it: ISO times, the label without the labelling key's id, and the matched user's
 * current username (`usernames`: user id → username; null when there is no user or it was erased).
 */
export function attemptView(a: Attempt, usernames: ReadonlyMap<string, string> = new Map()): AttemptView {
  return {
    id: a.id,
    kind: a.kind,
    outcome: a.outcome,
    score: a.score,
    threshold: a.threshold,
    reason: a.reason,
    latencyMs: a.latencyMs,
    stageLatencies: a.stageLatencies,
    modelVersion: a.modelVersion,
    userId: a.userId,
    username: a.userId ? (usernames.get(a.userId) ?? null) : null,
    claimedUsername: a.claimedUsername,
    clientIp: a.clientIp,
    createdAt: new Date(a.createdAt).toISOString(),
    quality: a.quality,
    livenessScore: a.livenessScore,
    livenessEvidence: a.livenessEvidence,
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
