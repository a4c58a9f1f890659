/**
 * The application's logger: the same JSON lines Cloud Logging reads as the HTTP layer's (shared/http/structured-log.ts
 * writes both), called as `log(severity, message, fields)` by use cases and composition.
 */
import { jsonLineLog, type LogLevelName, type LogSink, type Severity } from '../http/structured-log.js';

export type { Severity };

export interface Logger {
  log(severity: Severity, message: string, fields?: Record<string, unknown>): void;
}

const LEVEL: Record<Severity, LogLevelName> = { DEBUG: 'debug', INFO: 'info', WARNING: 'warn', ERROR: 'error' };

/** A Logger writing to a structured-log sink; entries carry their time, as Cloud Logging's own stamp may lag. */
export function loggerOn(sink: LogSink): Logger {
  return {
    log(severity, message, fields = {}) {
      sink({ severity, message, time: new Date().toISOString(), ...fields });
    },
  };
}

/** JSON lines at or above `minimum`, to stdout unless `write` (one line, no newline) is given. */
export function jsonLogger(
  minimum: Severity = 'INFO',
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  return loggerOn(jsonLineLog(LEVEL[minimum], (line) => write(line.replace(/\n$/, ''))));
}

export const silentLogger: Logger = { log: () => {} };
