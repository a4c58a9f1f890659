/**
 * The `embed` CloudEvent function, triggered by each object finalized in the uploads bucket (the bucket's Pub/Sub
 * notification, pushed by the stack's subscription; an Eventarc `google.cloud.storage.object.v1.finalized` event
 * is read too): validates the event and hands the object to the embed use case, which is idempotent per object
 * generation. An invalid event or a refusal is logged and acknowledged; only a transient failure is thrown, so
 * Pub/Sub redelivers the message when a retry can help (see handle-object-finalized.ts).
 */
import { cloudEvent } from '@google-cloud/functions-framework';
import type { CloudEvent } from '@google-cloud/functions-framework';
import { compose } from '../../shared/compose.js';
import { jsonLineLog } from '../../shared/http/structured-log.js';
import { handleObjectFinalized } from './handle-object-finalized.js';
import type { StorageObjectData } from './storage-object-event.js';

export { handleObjectFinalized } from './handle-object-finalized.js';
export type { StorageObjectData } from './storage-object-event.js';

/** The CloudEvent function over the process-wide composition. A failed start is thrown: it may be temporary. */
export async function embed(event: CloudEvent<StorageObjectData>): Promise<void> {
  const { app, config } = await compose();
  await handleObjectFinalized(app, event, jsonLineLog(config.logLevel));
}

cloudEvent<StorageObjectData>('embed', embed);
