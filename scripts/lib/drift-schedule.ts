/**
 * The local stack's stand-in for Cloud Scheduler: runs the drift check every `intervalSeconds` (0 = never). The
 * observations it compares arrive through the in-process bus (capture.observed.v1), and its drift.detected.v1
 * events leave through it.
 */
import type { FaceGateApp } from '../../shared/app/facegate-app.js';
import { loggerOn } from '../../shared/app/logger.js';
import type { LogSink } from '../../shared/http/structured-log.js';
import { failureMessage } from '../../shared/http/structured-log.js';

/** Starts the schedule; returns a function that stops it. */
export function startDriftSchedule(app: Pick<FaceGateApp, 'runDriftCheck'>, intervalSeconds: number, sink: LogSink) {
  if (intervalSeconds <= 0) return () => undefined;
  const log = loggerOn(sink);
  let running = false;
  const timer = setInterval(() => {
    // A slow check is not stacked on itself.
    if (running) return;
    running = true;
    app
      .runDriftCheck({})
      .then((reports) => {
        const drifted = reports.filter((r) => r.status === 'drift').length;
        log[drifted ? 'warn' : 'info'](`drift: checked ${reports.length} tenant(s), drift in ${drifted}`);
      })
      .catch((error: unknown) => log.error(failureMessage('drift: the local check failed', error)))
      .finally(() => (running = false));
  }, intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
