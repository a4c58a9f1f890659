/**
 * The scheduled drift check: for each tenant, compare the recent window of capture observations (and of new
 * templates) with the reference window before it, store the report, and publish drift.detected.v1 for every
 * feature that moved. Template embeddings are decrypted and averaged here; only the distance leaves the app.
 */
import type { DriftReport } from '../../domain/drift-report.js';
import { assessDrift } from '../../monitoring/drift-assessment.js';
import type { TenantRepositories } from '../../ports/repositories.js';
import type { AppDeps } from '../app-deps.js';
import type { DriftReportView } from '../facegate-app.js';
import { driftReportView } from './drift-report-view.js';
import { publishEvent } from './publish-event.js';
import { tenantModel } from './tenant-model.js';

/** The part of the app's dependencies this module's steps use. */
export type RunDriftCheckDeps = Pick<
  AppDeps,
  'bus' | 'clock' | 'drift' | 'engines' | 'log' | 'match' | 'repos' | 'thresholds'
>;

export async function runDriftCheck(deps: RunDriftCheckDeps, input: { tenantId?: string }): Promise<DriftReportView[]> {
  const tenantIds = input.tenantId ? [input.tenantId] : (await deps.repos.tenants.list()).map((t) => t.id);
  const reports: DriftReportView[] = [];
  for (const tenantId of tenantIds) {
    reports.push(driftReportView(await checkTenant(deps, deps.repos.forTenant(tenantId))));
  }
  return reports;
}

async function checkTenant(deps: RunDriftCheckDeps, repos: TenantRepositories): Promise<DriftReport> {
  const policy = deps.drift;
  // Scores and templates compare only within one model: the tenant's active one.
  const modelVersion = (await tenantModel(deps, repos.tenantId)).version;
  const end = deps.clock.nowMs();
  const recentStart = end - policy.recentWindowMs;
  const referenceStart = recentStart - policy.referenceWindowMs;
  const window = { modelVersion, limit: policy.maxSamples };
  const [reference, recent, referenceTemplates, recentTemplates] = await Promise.all([
    repos.captureObservations.list({ ...window, since: referenceStart, until: recentStart }),
    repos.captureObservations.list({ ...window, since: recentStart, until: end }),
    repos.templates.listCreatedBetween({ ...window, since: referenceStart, until: recentStart }),
    repos.templates.listCreatedBetween({ ...window, since: recentStart, until: end }),
  ]);
  const assessment = assessDrift(
    {
      reference,
      recent,
      referenceTemplates: referenceTemplates.map((t) => t.embedding),
      recentTemplates: recentTemplates.map((t) => t.embedding),
    },
    policy,
  );
  const report = await repos.driftReports.add({
    modelVersion,
    status: assessment.status,
    severity: assessment.severity,
    window: { start: recentStart, end, count: recent.length },
    reference: { start: referenceStart, end: recentStart, count: reference.length },
    moved: assessment.moved,
    features: assessment.features,
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  for (const feature of assessment.features) {
    if (!feature.moved || !feature.trigger) continue;
    await publishEvent(deps, 'drift.detected.v1', {
      tenantId: repos.tenantId,
      modelVersion,
      feature: feature.feature,
      statistic: feature.trigger.statistic,
      value: feature.trigger.value,
      threshold: feature.trigger.threshold,
      severity: feature.severity ?? 'warning',
      window: { start: iso(recentStart), end: iso(end), count: feature.recentCount },
      reference: { start: iso(referenceStart), end: iso(recentStart), count: feature.referenceCount },
      reportId: report.id,
      moved: assessment.moved,
    });
  }
  deps.log[assessment.status === 'drift' ? 'warn' : 'info'](`drift check: ${assessment.status}`, {
    tenantId: repos.tenantId,
    reportId: report.id,
    moved: assessment.moved,
    recent: recent.length,
    reference: reference.length,
  });
  return report;
}
