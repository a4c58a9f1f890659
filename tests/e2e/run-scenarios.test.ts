import { describe, expect, it } from 'vitest';
import type { E2eContext } from './e2e-context.js';
import { ExpectationFailed } from './expectations.js';
import { runScenarios, summaryLine } from './run-scenarios.js';

describe('runScenarios', () => {
  it('runs every scenario even after a failure, and sums them up in the closing line', async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const results = await runScenarios(
      [
        { name: 'one', run: () => Promise.resolve(void ran.push('one')) },
        { name: 'two', run: () => Promise.reject(new ExpectationFailed('login: expected "granted", got "denied"')) },
        { name: 'three', run: () => Promise.resolve(void ran.push('three')) },
      ],
      {} as E2eContext,
      (line) => lines.push(line),
    );
    expect(ran).toEqual(['one', 'three']);
    expect(results.map((r) => [r.name, r.passed])).toEqual([
      ['one', true],
      ['two', false],
      ['three', true],
    ]);
    expect(results[1]!.error).toBe('login: expected "granted", got "denied"');
    expect(lines[1]).toMatch(/^ {2}FAIL {2}two .*\n {8}login: expected "granted", got "denied"$/);
    expect(summaryLine(results)).toBe('2 passed, 1 failed');
  });
});
