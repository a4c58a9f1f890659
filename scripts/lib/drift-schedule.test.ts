import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeFaceGateApp } from '../../shared/http/fake-facegate-app.test-support.js';
import type { LogEntry } from '../../shared/http/structured-log.js';
import { startDriftSchedule } from './drift-schedule.js';

afterEach(() => vi.useRealTimers());

describe('startDriftSchedule', () => {
  it('runs the drift check every interval until stopped', async () => {
    vi.useFakeTimers();
    const app = new FakeFaceGateApp();
    const logs: LogEntry[] = [];
    const stop = startDriftSchedule(app, 60, (e) => logs.push(e));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(app.calls.filter((c) => c.method === 'runDriftCheck')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(app.calls.filter((c) => c.method === 'runDriftCheck')).toHaveLength(2);
    expect(logs[0]?.message).toBe('drift: checked 1 tenant(s), drift in 1');
    stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(app.calls.filter((c) => c.method === 'runDriftCheck')).toHaveLength(2);
  });

  it('does nothing at interval 0 and logs a failed check as an error', async () => {
    vi.useFakeTimers();
    const app = new FakeFaceGateApp();
    startDriftSchedule(app, 0, () => undefined)();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(app.calls).toHaveLength(0);
    const logs: LogEntry[] = [];
    app.failures.set('runDriftCheck', new Error('database down'));
    const stop = startDriftSchedule(app, 1, (e) => logs.push(e));
    await vi.advanceTimersByTimeAsync(1000);
    stop();
    expect(logs[0]?.severity).toBe('ERROR');
    expect(String(logs[0]?.message)).toContain('database down');
  });
});
