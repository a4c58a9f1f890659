/**
 * "Try again later" in real time: a 429 carries Retry-After (the lockout's remaining seconds, or the rate
 * limit's window), so the person is told when, not "a few minutes" for a 30-second lock.
 */
import type { Advice } from './reason-advice.js';

/** "30 seconds", "1 minute 5 seconds", "3 minutes". */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes === 0) return part(rest, 'second');
  return rest === 0 ? part(minutes, 'minute') : `${part(minutes, 'minute')} ${part(rest, 'second')}`;
}

/** Advice for a 429 (`locked_out` or `rate_limited`) that says how long to wait, when the server said. */
export function waitAdvice(code: string, retryAfterSeconds: number | undefined, base: Advice): Advice {
  if (!retryAfterSeconds) return base;
  const wait = formatWait(retryAfterSeconds);
  return code === 'locked_out'
    ? { title: base.title, tip: `This account is locked for ${wait}. Try again after that.` }
    : { title: base.title, tip: `Try again in ${wait}.` };
}
