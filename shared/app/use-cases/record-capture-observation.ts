import type { CaptureObservedV1 } from '../../events/capture-observed.js';
import type { AppDeps } from '../app-deps.js';

/**
 * The capture.observed.v1 subscriber: keeps the capture's features and score for the drift check. Idempotent per
 * event id, so a redelivery stores nothing twice; an event of a tenant that no longer exists is dropped.
 */
export async function recordCaptureObservation(
  deps: Pick<AppDeps, 'log' | 'repos'>,
  event: CaptureObservedV1,
): Promise<void> {
  if (!(await deps.repos.tenants.get(event.tenantId))) {
    deps.log.warn('drift: observation of an unknown tenant dropped', { tenantId: event.tenantId });
    return;
  }
  await deps.repos.forTenant(event.tenantId).captureObservations.add({
    id: event.eventId,
    kind: event.kind,
    outcome: event.outcome,
    modelVersion: event.modelVersion,
    features: event.quality,
    score: event.score ?? null,
    livenessScore: event.livenessScore ?? null,
    observedAt: Date.parse(event.occurredAt),
  });
}
