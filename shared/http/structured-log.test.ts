import { describe, expect, it } from 'vitest';
import { failureMessage, jsonLineLog } from './structured-log.js';

describe('jsonLineLog', () => {
  it('writes one JSON object per line with severity and message, at or above the configured level', () => {
    const lines: string[] = [];
    const log = jsonLineLog('info', (line) => lines.push(line));
    log({ severity: 'DEBUG', message: 'hidden' });
    log({ severity: 'INFO', message: 'shown', httpRequest: { status: 200, latency: '0.010s' } });
    log({ severity: 'ERROR', message: 'bad' });
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    expect(JSON.parse(lines[0]!)).toEqual({
      severity: 'INFO',
      message: 'shown',
      httpRequest: { status: 200, latency: '0.010s' },
    });
    const warnOnly = jsonLineLog('warn', (line) => lines.push(line));
    warnOnly({ severity: 'INFO', message: 'not at warn' });
    expect(lines).toHaveLength(2);
  });

  it('never throws on values JSON.stringify cannot take: BigInt and cycles', () => {
    const lines: string[] = [];
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    jsonLineLog('debug', (line) => lines.push(line))({ severity: 'INFO', message: 'm', big: 10n, cyclic });
    expect(JSON.parse(lines[0]!)).toEqual({
      severity: 'INFO',
      message: 'm',
      big: '10',
      cyclic: { a: 1, self: '[circular]' },
    });
  });
});

describe('failureMessage', () => {
  it('puts the stack in the message for Error Reporting', () => {
    expect(failureMessage('embed failed', new Error('disk full'))).toMatch(/^embed failed: Error: disk full\n\s+at /);
    expect(failureMessage('x', 'plain')).toBe('x: plain');
  });
});
