/**
 * The `retention` CloudEvent function: Cloud Scheduler publishes a daily tick to `<prefix>retention.tick`, whose
 * push subscription delivers it here, and the retention job runs once (shared/jobs/retention-job.ts). The tick's
 * body is not read. A failure is thrown, so Pub/Sub redelivers the tick (the job is idempotent) until its
 * subscription dead-letters it.
 */
import { cloudEvent } from '@google-cloud/functions-framework';
import { retentionTick } from '../../shared/jobs/retention-job.js';

/** The CloudEvent function: runs the retention job over the environment's database and bucket. */
export async function retention(): Promise<void> {
  await retentionTick();
}

cloudEvent('retention', retention);
