/**
 * Windows of the request counters kept in the database (`RateCounters`): rate limits count per minute, identify
 * probing per configured window. Retention relies on no window being longer than a day.
 */

/** Rate limits: fixed one-minute windows. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** The longest window any counter may use (the most FACEGATE_IDENTIFY_PROBING_WINDOW_SECONDS allows). */
export const LONGEST_COUNTER_WINDOW_MS = 86_400_000;

/** Start (epoch ms) of the fixed window of `windowMs` that contains `nowMs`. */
export function windowStartOf(nowMs: number, windowMs: number): number {
  return nowMs - (nowMs % windowMs);
}
