/**
 * The alerts function's use case, for each `security.alert.v1`: record the incident (once, however often the event
 * is delivered), ask the optional model triage for a reading, POST it to the tenant's webhook, and give the
 * tenant's earlier undelivered alerts that are due another try.
 */
import type { SecurityAlertV1 } from '../../events/security-alert.js';
import type { AppDeps } from '../app-deps.js';
import { deliverAlert } from './deliver-alert.js';

/** The part of the app's dependencies this module's steps use. */
export type HandleSecurityAlertDeps = Pick<
  AppDeps,
  'alertDelivery' | 'clock' | 'log' | 'repos' | 'triage' | 'webhooks'
>;

/** Earlier undelivered alerts retried per incoming alert, so one run stays short. */
const DUE_PER_RUN = 10;

export async function handleSecurityAlert(deps: HandleSecurityAlertDeps, event: SecurityAlertV1): Promise<void> {
  const repos = deps.repos.forTenant(event.tenantId);
  if (!(await deps.repos.tenants.get(event.tenantId))) {
    deps.log.warn('alerts: event of an unknown tenant ignored', { tenantId: event.tenantId });
    return;
  }
  const { value: recorded, created } = await repos.alerts.record({
    id: event.alertId,
    kind: event.kind,
    severity: event.severity,
    userId: event.userId ?? null,
    attemptIds: event.attemptIds,
    summary: event.summary,
    event: { ...event },
    createdAt: Date.parse(event.occurredAt),
  });
  let alert = recorded;
  if (created && deps.triage) {
    try {
      const suggestion = await deps.triage.triage(event);
      const triage = { ...suggestion, model: deps.triage.model };
      await repos.alerts.setTriage(alert.id, triage);
      alert = { ...alert, triage };
    } catch (error) {
      // Advice only: the incident is recorded and delivered without it.
      deps.log.warn('alerts: triage failed', { alertId: alert.id, error: String(error) });
    }
  }
  // A redelivered event whose first run finished leaves the alert to the scheduled retries.
  if (alert.status === 'pending') await deliverAlert(deps, alert);
  await redeliverDue(deps, event.tenantId, DUE_PER_RUN);
}

/** Retries the tenant's undelivered alerts that are due. @returns how many were delivered. */
export async function redeliverDue(deps: HandleSecurityAlertDeps, tenantId: string, limit: number): Promise<number> {
  const due = await deps.repos.forTenant(tenantId).alerts.listDue(deps.clock.nowMs(), limit);
  let delivered = 0;
  for (const alert of due) if ((await deliverAlert(deps, alert)) === 'delivered') delivered++;
  return delivered;
}
