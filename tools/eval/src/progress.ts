/** Progress of a long run, drawn on stderr so stdout stays the summary. */
import { SingleBar } from 'cli-progress';

export interface Progress {
  start(total: number): void;
  /** One more item done; `failed` = failures so far. */
  tick(failed: number): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };

export function progressBar(label: string): Progress {
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {value}/{total} | {failed} failed to acquire | {duration_formatted} elapsed, ETA {eta_formatted}`,
    barsize: 30,
    hideCursor: true,
    // In CI logs (no TTY) print a line every 10 s instead of nothing.
    noTTYOutput: true,
    notTTYSchedule: 10_000,
    etaBuffer: 50,
  });
  return {
    start: (total) => bar.start(total, 0, { failed: 0 }),
    tick: (failed) => bar.increment(1, { failed }),
    stop: () => bar.stop(),
  };
}
