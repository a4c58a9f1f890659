import { describe, expect, it } from 'vitest';
import { jsonLogger, loggerOn } from './logger.js';
import type { LogEntry } from '../http/structured-log.js';

describe('application logger', () => {
  it('writes one JSON line per entry at or above its level, through the structured-log writer', () => {
    const lines: string[] = [];
    const log = jsonLogger('WARNING', (line) => lines.push(line));
    log.log('INFO', 'quiet');
    log.log('ERROR', 'loud', { count: 2n, tenantId: 't1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    // BigInt survives: the structured-log writer's safe stringify, which the old app logger lacked.
    expect(JSON.parse(lines[0]!)).toMatchObject({ severity: 'ERROR', message: 'loud', count: '2', tenantId: 't1' });
    expect(Date.parse((JSON.parse(lines[0]!) as { time: string }).time)).not.toBeNaN();
  });

  it('hands entries to any sink, so tests and the HTTP layer share one shape', () => {
    const entries: LogEntry[] = [];
    loggerOn((entry) => entries.push(entry)).log('DEBUG', 'hello', { a: 1 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ severity: 'DEBUG', message: 'hello', a: 1 });
    expect(typeof entries[0]?.time).toBe('string');
  });
});
