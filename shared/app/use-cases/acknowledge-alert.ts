import { notFound } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { AlertView, Principal } from '../facegate-app.js';
import { alertView } from './alert-view.js';
import { requireOperator } from './require-operator.js';

/**
 * An operator marks an alert as handled. The first acknowledgement stands (who and when are evidence); each one
 * that took effect is audited, so a later review can tell who dismissed an incident.
 */
export async function acknowledgeAlert(
  deps: Pick<AppDeps, 'clock' | 'repos'>,
  principal: Principal,
  alertId: string,
): Promise<AlertView> {
  requireOperator(principal);
  const repos = deps.repos.forTenant(principal.tenantId);
  const before = await repos.alerts.get(alertId);
  if (!before) throw notFound('Alert');
  const after = await repos.alerts.acknowledge(alertId, principal.apiKeyId, deps.clock.nowMs());
  if (!after) throw notFound('Alert');
  if (before.acknowledgedAt === null) {
    await repos.auditEvents.add({
      action: 'alert.acknowledged',
      actor: principal.apiKeyId,
      subjectType: 'alert',
      subjectId: alertId,
      details: { kind: after.kind, severity: after.severity },
    });
  }
  return alertView(after);
}
