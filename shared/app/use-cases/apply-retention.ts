/**
 * Retention: personal data other than templates is kept no longer than configured. Run daily by the `retention`
 * function (functions/retention) or `npm run retention`.
 *
 * - Login captures (kind `login`: a verify/identify photo, when one is kept) older than `loginCaptureDays`: the
 *   photo, then its row. The service keeps none today (login photos are analysed in memory and dropped), so this
 *   normally finds nothing; it is the guarantee for any that a later feature keeps. On Cloud Storage the bucket's
 *   lifecycle rule on the `login/` prefix deletes the photos too; this also removes the rows.
 * - Login attempts older than `attemptClientDays`: client IP, user agent and claimed username cleared; the
 *   attempt itself stays for the accuracy and drift statistics.
 * - People who started enrolling more than `abandonedEnrollmentDays` ago and never finished (no template, no
 *   active or processing enrollment, no enrollment started since): erased like `DELETE /v1/users/{id}` (photos, rows), with
 *   a `user.deleted` audit record whose actor is `retention`.
 *
 * - Request counters (rate limits, identify probing) whose window started more than a day ago, the longest window
 *   a counter may have: they count nothing any more, and nothing else removes them.
 *
 * Enrollment captures stay while their person is enrolled (they are needed to re-embed with a new model); erasure
 * removes them with the person. Idempotent: a second run finds nothing more to do.
 */
import { LONGEST_COUNTER_WINDOW_MS } from '../../domain/counter-windows.js';
import { blobKeys, type BlobStore } from '../../ports/blob-store.js';
import type { Clock } from '../../ports/clock.js';
import type { Repositories } from '../../ports/repositories.js';

export interface RetentionPolicy {
  loginCaptureDays: number;
  attemptClientDays: number;
  abandonedEnrollmentDays: number;
}

export interface RetentionDeps {
  repos: Repositories;
  blobs: BlobStore;
  clock: Clock;
}

export interface RetentionReport {
  tenants: number;
  /** Cut-off instants (ISO 8601): what was created before them was due. */
  loginCapturesBefore: string;
  attemptClientDetailsBefore: string;
  loginCapturesDeleted: number;
  attemptsForgotten: number;
  abandonedUsersErased: number;
  /** Counter rows of windows that are over. */
  rateCountersDeleted: number;
}

const DAY_MS = 86_400_000;
const BATCH = 500;

export async function applyRetention(deps: RetentionDeps, policy: RetentionPolicy): Promise<RetentionReport> {
  for (const [name, days] of Object.entries(policy)) {
    if (!Number.isInteger(days) || days < 1) throw new RangeError(`${name} must be a whole number of days ≥ 1`);
  }
  const now = deps.clock.nowMs();
  const captureCutoff = now - policy.loginCaptureDays * DAY_MS;
  const attemptCutoff = now - policy.attemptClientDays * DAY_MS;
  const abandonedCutoff = now - policy.abandonedEnrollmentDays * DAY_MS;
  const tenants = await deps.repos.tenants.list();
  let loginCapturesDeleted = 0;
  let attemptsForgotten = 0;
  let abandonedUsersErased = 0;
  let rateCountersDeleted = 0;
  for (const tenant of tenants) {
    const repos = deps.repos.forTenant(tenant.id);
    for (;;) {
      const due = await repos.captures.listExpired({ kind: 'login', createdBefore: captureCutoff, limit: BATCH });
      for (const capture of due) {
        // The photo first: a failure then leaves a row pointing at nothing, never a photo nobody can find.
        await deps.blobs.delete(capture.blobPath);
        if (await repos.captures.delete(capture.id)) loginCapturesDeleted++;
      }
      if (due.length < BATCH) break;
    }
    attemptsForgotten += await repos.attempts.forgetClientDetails(attemptCutoff);
    for (;;) {
      const abandoned = await repos.users.listAbandoned({ startedBefore: abandonedCutoff, limit: BATCH });
      for (const userId of abandoned) {
        for (const capture of await repos.captures.listByUser(userId)) await deps.blobs.delete(capture.blobPath);
        await deps.blobs.deletePrefix(blobKeys.userPrefix(tenant.id, userId));
        if (await repos.users.delete(userId)) {
          abandonedUsersErased++;
          await repos.auditEvents.add({
            action: 'user.deleted',
            actor: 'retention',
            subjectType: 'user',
            subjectId: userId,
          });
        }
      }
      if (abandoned.length < BATCH) break;
    }
    rateCountersDeleted += await repos.rateCounters.prune(now - LONGEST_COUNTER_WINDOW_MS);
  }
  return {
    tenants: tenants.length,
    loginCapturesBefore: new Date(captureCutoff).toISOString(),
    attemptClientDetailsBefore: new Date(attemptCutoff).toISOString(),
    loginCapturesDeleted,
    attemptsForgotten,
    abandonedUsersErased,
    rateCountersDeleted,
  };
}
