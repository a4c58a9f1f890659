/**
 * Structured logging in the shape Cloud Logging reads from a function's stdout: one JSON object per line with
 * `severity`, `message` and optional special fields (`httpRequest`, `logging.googleapis.com/trace`). Locally the
 * same lines are plain, greppable JSON.
 */

/** Cloud Logging severities we write. */
export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** One log entry; extra fields become `jsonPayload` fields in Cloud Logging. */
export interface LogEntry {
  severity: Severity;
  message: string;
  [field: string]: unknown;
}

/** Where log entries go. Tests pass an array-backed sink. */
export type LogSink = (entry: LogEntry) => void;

/** The configured level names (FACEGATE_LOG_LEVEL) mapped onto severities. */
export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<Severity, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 };
const LEVEL_SEVERITY: Record<LogLevelName, Severity> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
};

/**
 * A sink writing one JSON line per entry at or above `minLevel`.
 * @param write defaults to process.stdout; Cloud Logging parses stdout and stderr alike.
 */
export function jsonLineLog(
  minLevel: LogLevelName = 'info',
  write: (line: string) => void = (line) => process.stdout.write(line),
): LogSink {
  const floor = RANK[LEVEL_SEVERITY[minLevel]];
  return (entry) => {
    if (RANK[entry.severity] < floor) return;
    write(`${safeStringify(entry)}\n`);
  };
}

/** The message of an unexpected failure: the stack goes to the log (for Error Reporting), never to a client. */
export function failureMessage(context: string, error: unknown): string {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return `${context}: ${detail}`;
}

/** JSON.stringify that survives BigInt and cycles, so logging can never throw. */
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v !== null && typeof v === 'object') {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    return v;
  });
}
