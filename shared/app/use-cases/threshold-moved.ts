/** The drift.detected.v1 body for a tenant whose self-calibrated threshold moved (app/tenant-thresholds.ts). */
import type { DriftDetectedV1 } from '../../events/drift-detected.js';
import type { ThresholdMove } from '../tenant-thresholds.js';

export function thresholdMovedEvent(
  move: ThresholdMove,
  nowMs = Date.now(),
): Omit<DriftDetectedV1, 'eventId' | 'occurredAt' | 'schemaVersion' | 'type'> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const rose = move.after.threshold > move.before.threshold;
  return {
    tenantId: move.tenantId,
    modelVersion: move.modelVersion,
    feature: 'threshold',
    statistic: 'tail_quantile',
    value: move.after.threshold,
    threshold: move.before.threshold,
    // A rising threshold means the population's impostors score higher than assumed: worth a look at once.
    severity: rose ? 'alert' : 'warning',
    window: { start: iso(move.sinceMs), end: iso(nowMs), count: move.after.users },
    reference: { start: iso(move.sinceMs), end: iso(move.sinceMs), count: move.before.users },
  };
}
