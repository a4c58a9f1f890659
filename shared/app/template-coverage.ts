/**
 * What a tenant's templates cover, per model version, computed from the coverage rows (no embeddings): the plan of
 * a re-embed and the check that guards a version switch. Pure functions.
 */
import type { TemplateCoverage } from '../ports/repositories.js';

/** An enrolled capture (one with a template of some version) that lacks a template of the target version. */
export interface PendingCapture {
  userId: string;
  captureId: string;
  enrollmentId: string | null;
}

export interface ReembedPlan {
  /** Users with at least one template: everyone a switch must not lock out. */
  users: number;
  /** Captures with at least one template. */
  captures: number;
  /** Captures that already have a template of the target (done earlier, or enrolled while the target was set). */
  done: number;
  /** The rest, grouped by user so an interrupted run leaves whole users done. */
  pending: PendingCapture[];
}

export function planReembed(coverage: readonly TemplateCoverage[], target: string): ReembedPlan {
  const captures = new Map<string, PendingCapture & { covered: boolean }>();
  for (const row of coverage) {
    const known = captures.get(row.captureId);
    const covered = row.modelVersion === target;
    if (known) known.covered ||= covered;
    else
      captures.set(row.captureId, {
        userId: row.userId,
        captureId: row.captureId,
        enrollmentId: row.enrollmentId,
        covered,
      });
  }
  const all = [...captures.values()];
  const pending = all
    .filter((c) => !c.covered)
    .map(({ userId, captureId, enrollmentId }) => ({ userId, captureId, enrollmentId }))
    .sort((a, b) => (a.userId === b.userId ? cmp(a.captureId, b.captureId) : cmp(a.userId, b.userId)));
  return {
    users: new Set(all.map((c) => c.userId)).size,
    captures: all.length,
    done: all.length - pending.length,
    pending,
  };
}

/** Users with templates but none of `version`, sorted: who a switch to `version` would lock out. */
export function usersWithout(coverage: readonly TemplateCoverage[], version: string): string[] {
  const covered = new Set(coverage.filter((c) => c.modelVersion === version).map((c) => c.userId));
  return [...new Set(coverage.map((c) => c.userId))].filter((u) => !covered.has(u)).sort(cmp);
}

/** Enrolled users per model version. */
export function usersByVersion(coverage: readonly TemplateCoverage[]): Record<string, number> {
  const sets = new Map<string, Set<string>>();
  for (const c of coverage) {
    let users = sets.get(c.modelVersion);
    if (!users) sets.set(c.modelVersion, (users = new Set()));
    users.add(c.userId);
  }
  return Object.fromEntries([...sets].sort(([a], [b]) => cmp(a, b)).map(([v, users]) => [v, users.size]));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
