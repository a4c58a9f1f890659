/**
 * The `drift` CloudEvent function, on Pub/Sub: the schedule's tick runs the drift check over every tenant, and
 * `capture.observed.v1` events are stored for it (see handle-drift-message.ts). A thin door over the composition.
 */
import { cloudEvent } from '@google-cloud/functions-framework';
import type { CloudEvent } from '@google-cloud/functions-framework';
import { compose } from '../../shared/compose.js';
import { jsonLineLog } from '../../shared/http/structured-log.js';
import { handleDriftMessage } from './handle-drift-message.js';

export { handleDriftMessage } from './handle-drift-message.js';

/** The CloudEvent function over the process-wide composition. A failed start is thrown: it may be temporary. */
export async function drift(event: CloudEvent<unknown>): Promise<void> {
  const { app, config } = await compose();
  await handleDriftMessage(app, event, jsonLineLog(config.logLevel));
}

cloudEvent<unknown>('drift', drift);
