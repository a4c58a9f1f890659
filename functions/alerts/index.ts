/**
 * The `alerts` CloudEvent function, triggered by Pub/Sub messages on the `security.alert.v1` topic (its push
 * subscription, which the Functions Framework hands over as `google.cloud.pubsub.topic.v1.messagePublished`): records the incident and sends it to the tenant's signed
 * webhook (see handle-security-alert-event.ts and shared/app/use-cases/handle-security-alert.ts).
 */
import { cloudEvent } from '@google-cloud/functions-framework';
import type { CloudEvent } from '@google-cloud/functions-framework';
import { compose } from '../../shared/compose.js';
import { jsonLineLog } from '../../shared/http/structured-log.js';
import { handleSecurityAlertEvent } from './handle-security-alert-event.js';

export { handleSecurityAlertEvent } from './handle-security-alert-event.js';

/** The CloudEvent function over the process-wide composition. A failed start is thrown: it may be temporary. */
export async function alerts(event: CloudEvent<unknown>): Promise<void> {
  const { app, config } = await compose();
  await handleSecurityAlertEvent(app, event, jsonLineLog(config.logLevel));
}

cloudEvent<unknown>('alerts', alerts);
