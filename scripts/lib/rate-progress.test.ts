import { describe, expect, it } from 'vitest';
import { formatSeconds, progressLine, rateProgress } from './rate-progress.js';

describe('progressLine', () => {
  it('shows done/total, percent, rate and the time left at that rate', () => {
    expect(progressLine('reembed', { done: 120, total: 500, failed: 1, elapsedMs: 12_000 })).toBe(
      'reembed 120/500 (24.0%) | 10.0/s | ETA 38 s | 1 failed',
    );
  });

  it('has no ETA before anything is done, and 100% for an empty job', () => {
    expect(progressLine('x', { done: 0, total: 10, failed: 0, elapsedMs: 500 })).toContain('| 0.0/s | ETA ? |');
    expect(progressLine('x', { done: 0, total: 0, failed: 0, elapsedMs: 0 })).toBe(
      'x 0/0 (100.0%) | 0.0/s | ETA ? | 0 failed',
    );
  });
});

describe('formatSeconds', () => {
  it('reads as seconds, minutes or hours', () => {
    expect([formatSeconds(42.4), formatSeconds(125), formatSeconds(7380)]).toEqual(['42 s', '2 min 5 s', '2 h 3 min']);
  });
});

describe('rateProgress', () => {
  it('writes at most one line per interval, and always the last one', () => {
    let t = 0;
    const lines: string[] = [];
    const report = rateProgress(
      'job',
      (l) => lines.push(l),
      () => t,
      1000,
    );
    for (let done = 1; done <= 5; done++) {
      t += 400;
      report({ done, total: 5, failed: 0 });
    }
    // t = 400 (first), 800 (skip), 1200 (skip: 800 ms since), 1600 (write), 2000 (last: write).
    expect(lines).toEqual([
      'job 1/5 (20.0%) | 2.5/s | ETA 2 s | 0 failed',
      'job 4/5 (80.0%) | 2.5/s | ETA 0 s | 0 failed',
      'job 5/5 (100.0%) | 2.5/s | ETA 0 s | 0 failed',
    ]);
  });
});
