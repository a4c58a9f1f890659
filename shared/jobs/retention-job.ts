/**
 * The retention job as a scheduled entry point, over the maintenance composition (storage and keys, no face
 * engine). Two doors use it:
 *
 * - `npm run retention` (scripts/retention.ts), by hand or from cron on a self-hosted stack;
 * - the scheduled `retention` Cloud Function (functions/retention, infra/components/retention-function.ts): Cloud
 *   Scheduler publishes to `<prefix>retention.tick` daily, a push subscription delivers it, and the function's
 *   service account may use the database and only list and delete objects in the uploads bucket. The tick's body
 *   is not read.
 */
import { applyRetention, type RetentionReport } from '../app/use-cases/apply-retention.js';
import { composeMaintenance, type MaintenanceOverrides } from '../compose-maintenance.js';

/** Applies the configured retention once and returns what it did. */
export async function runRetentionJob(
  env: NodeJS.ProcessEnv = process.env,
  overrides: MaintenanceOverrides = {},
): Promise<RetentionReport> {
  const stack = await composeMaintenance(env, overrides);
  try {
    const report = await applyRetention(stack, stack.config.retention);
    stack.log.info('retention applied', { ...report });
    return report;
  } finally {
    await stack.close();
  }
}

/** The CloudEvent handler for the scheduled tick; a failure is thrown so the platform retries the tick. */
export async function retentionTick(): Promise<void> {
  await runRetentionJob(process.env);
}
