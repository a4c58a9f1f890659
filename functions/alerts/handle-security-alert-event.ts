/**
 * The alerts function's handler, free of the Functions Framework and the composition so tests call it directly:
 * decode the Pub/Sub CloudEvent as a `security.alert.v1`, hand it to the alerts use case, and decide whether a
 * failure deserves a redelivery.
 */
import type { FaceGateApp } from '../../shared/app/facegate-app.js';
import { decodePubSubCloudEvent } from '../../shared/adapters/gcp/decode-pubsub-cloud-event.js';
import { InvalidEventError } from '../../shared/events/errors.js';
import type { LogSink } from '../../shared/http/structured-log.js';
import { failureMessage, jsonLineLog } from '../../shared/http/structured-log.js';
import { loggerOn } from '../../shared/app/logger.js';
import { isTransientError } from '../embed/transient-error.js';

/** What the handler reads of a CloudEvent (`google.cloud.pubsub.topic.v1.messagePublished`). */
export interface PubSubCloudEvent {
  id?: string;
  type?: string;
  source?: string;
  data?: unknown;
}

/**
 * Handles one delivery with `app`. An event that is not a valid alert is logged and acknowledged (a redelivery
 * would be refused the same way); a transient failure is thrown so Pub/Sub delivers the alert again (recording is
 * idempotent per alert id). Webhook failures are not failures here: the use case keeps the alert for its own retries.
 */
export async function handleSecurityAlertEvent(
  app: Pick<FaceGateApp, 'onSecurityAlert'>,
  cloudEvent: PubSubCloudEvent,
  sink: LogSink = jsonLineLog(),
): Promise<void> {
  const log = loggerOn(sink);
  let alert;
  try {
    alert = decodePubSubCloudEvent(cloudEvent, 'security.alert.v1').event;
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    log.warn(`alerts: ignored event ${cloudEvent.id}: ${error.message}`, { eventId: cloudEvent.id });
    return;
  }
  try {
    await app.onSecurityAlert(alert);
  } catch (error) {
    const transient = isTransientError(error);
    log.error(
      failureMessage(`alerts: ${alert.alertId} failed (${transient ? 'will be retried' : 'not retried'})`, error),
      { eventId: cloudEvent.id },
    );
    if (transient) throw error;
  }
}
