/** Structured JSON logs that Cloud Logging understands (severity, message, fields). */
export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

export interface Logger {
  log(severity: Severity, message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<Severity, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 };

export function jsonLogger(
  minimum: Severity = 'INFO',
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  return {
    log(severity, message, fields = {}) {
      if (ORDER[severity] < ORDER[minimum]) return;
      write(JSON.stringify({ severity, message, time: new Date().toISOString(), ...fields }));
    },
  };
}

export const silentLogger: Logger = { log: () => {} };
