/**
 * The drift function's handler, free of the Functions Framework and the composition so tests call it directly:
 * a tick runs the drift check, an observation is stored. A malformed message is logged and acknowledged (a retry
 * would fail the same way); a failed observation store is thrown so Pub/Sub redelivers it (the store is
 * idempotent per event); a failed check is logged and not retried: the next tick recomputes the windows.
 */
import type { FaceGateApp } from '../../shared/app/facegate-app.js';
import { InvalidEventError } from '../../shared/events/errors.js';
import type { LogSink } from '../../shared/http/structured-log.js';
import { failureMessage, jsonLineLog } from '../../shared/http/structured-log.js';
import { loggerOn } from '../../shared/app/logger.js';
import { parseDriftMessage, type DriftMessage } from './drift-message.js';

export async function handleDriftMessage(
  app: Pick<FaceGateApp, 'onCaptureObserved' | 'runDriftCheck'>,
  cloudEvent: { id?: string } & Record<string, unknown>,
  sink: LogSink = jsonLineLog(),
): Promise<void> {
  const log = loggerOn(sink);
  let message: DriftMessage;
  try {
    message = parseDriftMessage(cloudEvent);
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    log.warn(`drift: ignored message ${cloudEvent.id}: ${error.message}`);
    return;
  }
  if (message.kind === 'observation') {
    await app.onCaptureObserved(message.event);
    return;
  }
  try {
    const reports = await app.runDriftCheck(message.tenantId ? { tenantId: message.tenantId } : {});
    const drifted = reports.filter((r) => r.status === 'drift');
    log[drifted.length > 0 ? 'warn' : 'info'](
      `drift: checked ${reports.length} tenant(s), drift in ${drifted.length}`,
      {
        reports: reports.map((r) => ({ id: r.id, status: r.status, moved: r.moved })),
      },
    );
  } catch (error) {
    log.error(failureMessage('drift: the check failed (the next tick retries)', error), { eventId: cloudEvent.id });
  }
}
