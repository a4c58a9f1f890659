import { newId } from '../../domain/ids.js';
import type { EventBody } from '../../events/registry.js';
import type { AppDeps } from '../app-deps.js';
import { publishEvent } from './publish-event.js';

export type AlertBody = Omit<EventBody<'security.alert.v1'>, 'alertId'>;

/** The `livenessScore` field of a spoof alert, clamped to 0..1, or nothing when PAD gave no finite score. */
export function livenessEvidence(score: number | undefined): { livenessScore?: number } {
  return score !== undefined && Number.isFinite(score) ? { livenessScore: Math.min(1, Math.max(0, score)) } : {};
}

/**
 * Publishes a `security.alert.v1` for the alerts function to record and send on. An alert is a side effect of a
 * decision already made: if publishing fails, the failure is logged and the caller's answer stands.
 * @returns the alert id, or undefined when it could not be published.
 */
export async function raiseAlert(
  deps: Pick<AppDeps, 'bus' | 'clock' | 'log'>,
  body: AlertBody,
): Promise<string | undefined> {
  const alertId = newId('alert');
  try {
    await publishEvent(deps, 'security.alert.v1', { ...body, alertId, summary: body.summary.slice(0, 500) });
    return alertId;
  } catch (error) {
    deps.log.error('security alert could not be published', {
      kind: body.kind,
      tenantId: body.tenantId,
      error: String(error),
    });
    return undefined;
  }
}
