/**
 * The embed function's handler, free of the Functions Framework and the composition so tests call it directly:
 * validate the finalize event, run the embed use case, and decide whether a failure deserves a redelivery.
 */
import { AppError } from '../../shared/app/app-error.js';
import type { FaceGateApp } from '../../shared/app/facegate-app.js';
import { ENROLLMENT_IN_PROGRESS } from '../../shared/app/use-cases/process-enrollment-upload.js';
import type { LogSink } from '../../shared/http/structured-log.js';
import { failureMessage, jsonLineLog } from '../../shared/http/structured-log.js';
import { loggerOn } from '../../shared/app/logger.js';
import { parseObjectFinalized } from './storage-object-event.js';
import { isTransientError } from './transient-error.js';

/** What the handler reads of a CloudEvent. */
export interface FinalizeEvent {
  id?: string;
  type?: string;
  data?: unknown;
}

/**
 * Handles one finalize event with `app`.
 * @throws only when the failure is transient (see transient-error.ts).
 */
export async function handleObjectFinalized(
  app: Pick<FaceGateApp, 'onObjectFinalized'>,
  event: FinalizeEvent,
  sink: LogSink = jsonLineLog(),
): Promise<void> {
  const log = loggerOn(sink);
  const parsed = parseObjectFinalized(event);
  if (!parsed.ok) {
    log.warn(`embed: ignored event ${event.id}: ${parsed.reason}`, { eventId: event.id });
    return;
  }
  const object = `${parsed.event.bucket}/${parsed.event.name}#${parsed.event.generation}`;
  try {
    await app.onObjectFinalized(parsed.event);
  } catch (error) {
    const transient = isTransientError(error);
    const context = `embed: ${object} failed (${transient ? 'will be retried' : 'not retried'})`;
    if (error instanceof AppError && (!transient || error.code === ENROLLMENT_IN_PROGRESS)) {
      // A refusal, or a redelivery told to come back once another run is done, that the use case chose to throw:
      // expected, not a fault to page anyone about.
      log.warn(`${context}: ${error.code}: ${error.message}`, { eventId: event.id });
    } else {
      log.error(failureMessage(context, error), { eventId: event.id });
    }
    if (transient) throw error;
  }
}
