import { z } from 'zod';
import { ALERT_DELIVERY_STATUSES } from '../../domain/alert.js';
import { securityAlertKinds } from '../../events/security-alert.js';
import type { AppDeps } from '../app-deps.js';
import { badRequest } from '../app-error.js';
import type { AlertView, ListAlertsInput, Principal } from '../facegate-app.js';
import { alertView } from './alert-view.js';
import { requireOperator } from './require-operator.js';

const query = z.strictObject({
  kind: z.enum(securityAlertKinds).optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  status: z.enum(ALERT_DELIVERY_STATUSES as [string, ...string[]]).optional(),
  userId: z.string().min(1).max(64).optional(),
  acknowledged: z.boolean().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  cursor: z.string().min(1).max(512).optional(),
});

/** The tenant's recorded security alerts, newest first, with their webhook delivery state. */
export async function listAlerts(
  deps: Pick<AppDeps, 'repos'>,
  principal: Principal,
  input: ListAlertsInput,
): Promise<{ alerts: AlertView[]; nextCursor?: string }> {
  requireOperator(principal);
  const parsed = query.safeParse(input);
  if (!parsed.success) throw badRequest('invalid_request', 'Invalid alerts query', parsed.error.issues);
  const q = parsed.data;
  const page = await deps.repos.forTenant(principal.tenantId).alerts.list({
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.severity ? { severity: q.severity } : {}),
    ...(q.status ? { status: q.status as AlertView['status'] } : {}),
    ...(q.userId ? { userId: q.userId } : {}),
    ...(q.acknowledged !== undefined ? { acknowledged: q.acknowledged } : {}),
    ...(q.since ? { since: Date.parse(q.since) } : {}),
    ...(q.until ? { until: Date.parse(q.until) } : {}),
    limit: q.limit ?? 50,
    ...(q.cursor ? { cursor: q.cursor } : {}),
  });
  return {
    alerts: page.items.map(alertView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
