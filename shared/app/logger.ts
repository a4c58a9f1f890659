/**
 * The one way code writes a log line: `log.info(message, fields)` (and debug/warn/error). The lines are the JSON
 * Cloud Logging reads (shared/http/structured-log.ts); what varies is only where they go, a LogSink.
 */
import { jsonLineLog, type LogEntry, type LogLevelName, type LogSink, type Severity } from '../http/structured-log.js';

export type { Severity };

export type LogFields = Record<string, unknown>;
type Write = (message: string, fields?: LogFields) => void;

export interface Logger {
  debug: Write;
  info: Write;
  warn: Write;
  error: Write;
}

const LEVEL: Record<Severity, LogLevelName> = { DEBUG: 'debug', INFO: 'info', WARNING: 'warn', ERROR: 'error' };

/** A Logger writing to a structured-log sink; entries carry their time, as Cloud Logging's own stamp may lag. */
export function loggerOn(sink: LogSink): Logger {
  const at =
    (severity: Severity): Write =>
    (message, fields = {}) =>
      sink({ severity, message, time: new Date().toISOString(), ...fields });
  return { debug: at('DEBUG'), info: at('INFO'), warn: at('WARNING'), error: at('ERROR') };
}

/** Write an entry whose severity was decided elsewhere (the access log's, from the status). */
export function logEntry(log: Logger, { severity, message, ...fields }: LogEntry): void {
  log[LEVEL[severity]](message, fields);
}

/** JSON lines at or above `minimum`, to stdout unless `write` (one line, no newline) is given. */
export function jsonLogger(
  minimum: Severity | LogLevelName = 'INFO',
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  const level = minimum in LEVEL ? LEVEL[minimum as Severity] : (minimum as LogLevelName);
  return loggerOn(jsonLineLog(level, (line) => write(line.replace(/\n$/, ''))));
}

const ignore: Write = () => {};
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
