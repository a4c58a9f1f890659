/**
 * `npm run retention`: deletes kept login captures older than FACEGATE_LOGIN_CAPTURE_RETENTION_DAYS and clears
 * the client details of attempts older than FACEGATE_ATTEMPT_CLIENT_RETENTION_DAYS, and erases people who never
 * finished enrolling within FACEGATE_ABANDONED_ENROLLMENT_DAYS, and drops request counters whose window is over (see
 * shared/app/use-cases/apply-retention.ts). Safe to run at any time and as often as wanted.
 */
import { silentLogger } from '../shared/app/logger.js';
import { runRetentionJob } from '../shared/jobs/retention-job.js';
import { parseToolOptions, runCli } from './lib/cli.js';

const USAGE = `usage: npm run retention

Reads the same environment as the service (FACEGATE_DB_URL, FACEGATE_DATA_DIR, the retention variables, …).`;

runCli(USAGE, async () => {
  const values = parseToolOptions(USAGE, {});
  if (!values) return;
  const report = await runRetentionJob(process.env, { log: silentLogger });
  process.stdout.write(
    `retention over ${report.tenants} tenants: ${report.loginCapturesDeleted} login captures from before ` +
      `${report.loginCapturesBefore} deleted; client details of ${report.attemptsForgotten} attempts from before ` +
      `${report.attemptClientDetailsBefore} cleared; ${report.abandonedUsersErased} abandoned enrollments erased; ` +
      `${report.rateCountersDeleted} expired request counters deleted\n`,
  );
});
