/**
 * The schedule's own wiring (timers, logging, failures): the app is a stub of the one method it calls, so the test
 * controls what each check reports and counts the checks.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DriftReportView, FaceGateApp } from '../../shared/app/facegate-app.js';
import type { LogEntry } from '../../shared/http/structured-log.js';
import { startDriftSchedule } from './drift-schedule.js';

afterEach(() => vi.useRealTimers());

function report(id: string, status: DriftReportView['status']): DriftReportView {
  const window = { start: '2025-01-02T00:00:00.000Z', end: '2025-01-03T00:00:00.000Z', count: 120 };
  return {
    id,
    modelVersion: 'frn128-flip-v1',
    status,
    severity: status === 'drift' ? 'alert' : null,
    window,
    reference: window,
    moved: status === 'drift' ? ['brightness'] : [],
    features: [],
    createdAt: '2025-01-03T00:00:01.000Z',
  };
}

/** The one method the schedule calls, answering two tenants' reports, one of them drifted. */
function driftChecker() {
  const runDriftCheck = vi.fn<FaceGateApp['runDriftCheck']>(() =>
    Promise.resolve([report('drf_1', 'drift'), report('drf_2', 'stable')]),
  );
  const app: Pick<FaceGateApp, 'runDriftCheck'> = { runDriftCheck };
  return { app, runDriftCheck };
}

describe('startDriftSchedule', () => {
  it('runs the drift check every interval until stopped', async () => {
    vi.useFakeTimers();
    const { app, runDriftCheck } = driftChecker();
    const logs: LogEntry[] = [];
    const stop = startDriftSchedule(app, 60, (e) => logs.push(e));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(runDriftCheck).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runDriftCheck).toHaveBeenCalledTimes(2);
    expect(runDriftCheck).toHaveBeenCalledWith({});
    expect(logs[0]).toMatchObject({ severity: 'WARNING', message: 'drift: checked 2 tenant(s), drift in 1' });
    stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(runDriftCheck).toHaveBeenCalledTimes(2);
  });

  it('does nothing at interval 0 and logs a failed check as an error', async () => {
    vi.useFakeTimers();
    const { app, runDriftCheck } = driftChecker();
    startDriftSchedule(app, 0, () => undefined)();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(runDriftCheck).toHaveBeenCalledTimes(0);
    const logs: LogEntry[] = [];
    runDriftCheck.mockRejectedValue(new Error('database down'));
    const stop = startDriftSchedule(app, 1, (e) => logs.push(e));
    await vi.advanceTimersByTimeAsync(1000);
    stop();
    expect(logs[0]?.severity).toBe('ERROR');
    expect(String(logs[0]?.message)).toContain('database down');
  });
});
