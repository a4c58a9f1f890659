/** Where a tenant stands with its model versions: what `npm run models:status` prints. */
import { notFound } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import { usersByVersion } from '../template-coverage.js';

export interface ModelStatus {
  tenantId: string;
  /** The manifest's default version. */
  defaultVersion: string;
  /** The version verify and identify use (the tenant's override, else the default). */
  activeVersion: string;
  overridden: boolean;
  /** The version a re-embed is filling, if one was started and not yet activated. */
  reembedTarget: string | null;
  /** Enrolled users (with any template). */
  users: number;
  /** Users with at least one template of each version. */
  usersByVersion: Record<string, number>;
}

export async function modelStatus(deps: Pick<AppDeps, 'repos' | 'engines'>, tenantId: string): Promise<ModelStatus> {
  if (!(await deps.repos.tenants.get(tenantId))) throw notFound('Tenant');
  const repos = deps.repos.forTenant(tenantId);
  const setting = await repos.modelSettings.get();
  const coverage = await repos.templates.listCoverage();
  return {
    tenantId,
    defaultVersion: deps.engines.defaultVersion,
    activeVersion: setting?.activeVersion ?? deps.engines.defaultVersion,
    overridden: setting?.activeVersion != null,
    reembedTarget: setting?.reembedTarget ?? null,
    users: new Set(coverage.map((c) => c.userId)).size,
    usersByVersion: usersByVersion(coverage),
  };
}
