/** Progress of a long job as plain lines on stderr: done/total, rate and ETA, at most one line per interval. */

export interface RateSample {
  done: number;
  total: number;
  failed: number;
  elapsedMs: number;
}

/** `label 120/500 (24.0%) | 9.8/s | ETA 39 s | 1 failed`; the ETA is unknown until something is done. */
export function progressLine(label: string, s: RateSample): string {
  const percent = s.total > 0 ? (100 * s.done) / s.total : 100;
  const rate = s.elapsedMs > 0 ? (s.done * 1000) / s.elapsedMs : 0;
  const eta = rate > 0 ? formatSeconds((s.total - s.done) / rate) : '?';
  return `${label} ${s.done}/${s.total} (${percent.toFixed(1)}%) | ${rate.toFixed(1)}/s | ETA ${eta} | ${s.failed} failed`;
}

export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A reporter that writes a line when `intervalMs` has passed since the last one, and always for the last item. */
export function rateProgress(
  label: string,
  write: (line: string) => void,
  now: () => number = () => performance.now(),
  intervalMs = 2000,
): (p: { done: number; total: number; failed: number }) => void {
  const started = now();
  let last = -Infinity;
  return (p) => {
    const t = now();
    if (t - last < intervalMs && p.done < p.total) return;
    last = t;
    write(progressLine(label, { ...p, elapsedMs: t - started }));
  };
}
