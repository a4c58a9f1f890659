import { describe, expect, it } from 'vitest';
import { jsonLogger, logEntry, loggerOn } from './logger.js';
import type { LogEntry } from '../http/structured-log.js';

describe('application logger', () => {
  it('writes one JSON line per entry at or above its level, through the structured-log writer', () => {
    const lines: string[] = [];
    const log = jsonLogger('WARNING', (line) => lines.push(line));
    log.info('quiet');
    log.error('loud', { count: 2n, tenantId: 't1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    // BigInt survives: the structured-log writer's safe stringify, which the old app logger lacked.
    expect(JSON.parse(lines[0]!)).toMatchObject({ severity: 'ERROR', message: 'loud', count: '2', tenantId: 't1' });
    expect(Date.parse((JSON.parse(lines[0]!) as { time: string }).time)).not.toBeNaN();
  });

  it('hands entries to any sink: one method per severity, and entries whose severity was decided elsewhere', () => {
    const entries: LogEntry[] = [];
    const log = loggerOn((entry) => entries.push(entry));
    log.debug('hello', { a: 1 });
    log.warn('careful');
    logEntry(log, { severity: 'ERROR', message: 'status 503', httpRequest: { status: 503 } });
    expect(entries).toMatchObject([
      { severity: 'DEBUG', message: 'hello', a: 1 },
      { severity: 'WARNING', message: 'careful' },
      { severity: 'ERROR', message: 'status 503', httpRequest: { status: 503 } },
    ]);
    expect(typeof entries[0]?.time).toBe('string');
  });
});
