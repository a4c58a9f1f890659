/** Number and time formats shared by the pages. */

export const formatScore = (score: number | null | undefined): string =>
  score === null || score === undefined || !Number.isFinite(score) ? '—' : score.toFixed(3);

export const formatMs = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

/** A short local date-time, e.g. "28 Nov, 14:03:22". */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
