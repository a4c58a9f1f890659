import type { Alert } from '../../domain/alert.js';
import type { AlertView } from '../facegate-app.js';

/** A stored alert as operators see it: instants as ISO 8601, absent fields left out. */
export function alertView(a: Alert): AlertView {
  return {
    alertId: a.id,
    kind: a.kind,
    severity: a.severity,
    ...(a.userId ? { userId: a.userId } : {}),
    attemptIds: a.attemptIds,
    summary: a.summary,
    createdAt: new Date(a.createdAt).toISOString(),
    status: a.status,
    deliveryAttempts: a.deliveryAttempts,
    ...(a.lastError ? { lastError: a.lastError } : {}),
    ...(a.triage ? { triage: a.triage } : {}),
    ...(a.acknowledgedAt !== null ? { acknowledgedAt: new Date(a.acknowledgedAt).toISOString() } : {}),
    ...(a.acknowledgedBy ? { acknowledgedBy: a.acknowledgedBy } : {}),
  };
}
