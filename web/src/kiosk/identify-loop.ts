/**
 * The kiosk's real-time loop: grab a frame, ask the service who it is, repeat at a throttled rate until someone is
 * identified or the attempt times out. One request in flight at a time, and frames start at least `intervalMs`
 * apart, so a slow server is never queued up with stale frames.
 */
import { ApiError } from '../api/api-error.js';
import type { IdentifyResult } from '../api/wire-types.js';

export interface IdentifyLoopOptions {
  grabFrame: () => Promise<Blob>;
  identify: (frame: Blob, signal: AbortSignal) => Promise<IdentifyResult>;
  /** Minimum time between the starts of two frames. */
  intervalMs: number;
  /** Give up after this long without an identification. */
  timeoutMs: number;
  /** Give up after this many frames (1 for a single picked photo); unlimited by default. */
  maxFrames?: number;
  /** Called after every answer (granted or not), e.g. to show "move closer" while still trying. */
  onAnswer?: (result: IdentifyResult, frame: number) => void;
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export type IdentifyLoopOutcome =
  | { outcome: 'identified'; result: IdentifyResult; frames: number; elapsedMs: number }
  | { outcome: 'timeout'; last?: IdentifyResult; frames: number; elapsedMs: number }
  | { outcome: 'stopped'; frames: number; elapsedMs: number }
  /** The server refused in a way more frames cannot fix (bad key, no permission). */
  | { outcome: 'failed'; error: ApiError; frames: number; elapsedMs: number };

/** Statuses after which trying again with another frame is pointless. */
const FATAL_STATUSES = new Set([400, 401, 403, 404, 413, 415]);

export async function runIdentifyLoop(options: IdentifyLoopOptions): Promise<IdentifyLoopOutcome> {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? sleepUnlessAborted;
  const controller = new AbortController();
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  const started = now();
  const elapsed = () => now() - started;
  let frames = 0;
  let last: IdentifyResult | undefined;
  try {
    while (!controller.signal.aborted) {
      const frameStart = now();
      if (frameStart - started >= options.timeoutMs) return { outcome: 'timeout', last, frames, elapsedMs: elapsed() };
      let waitMs = options.intervalMs;
      try {
        const frame = await options.grabFrame();
        frames += 1;
        last = await options.identify(frame, controller.signal);
        options.onAnswer?.(last, frames);
        if (last.decision === 'granted') return { outcome: 'identified', result: last, frames, elapsedMs: elapsed() };
      } catch (error) {
        if (controller.signal.aborted) break;
        if (frames >= (options.maxFrames ?? Infinity) && error instanceof ApiError) {
          return { outcome: 'failed', error, frames, elapsedMs: elapsed() };
        }
        if (error instanceof ApiError && FATAL_STATUSES.has(error.status)) {
          return { outcome: 'failed', error, frames, elapsedMs: elapsed() };
        }
        // 429/503 say when to come back; other failures (a dropped frame, a blip) just wait for the next tick.
        if (error instanceof ApiError && error.retryAfterSeconds)
          waitMs = Math.max(waitMs, error.retryAfterSeconds * 1000);
      }
      if (frames >= (options.maxFrames ?? Infinity)) return { outcome: 'timeout', last, frames, elapsedMs: elapsed() };
      const remaining = Math.min(waitMs - (now() - frameStart), options.timeoutMs - elapsed());
      if (remaining > 0) await sleep(remaining, controller.signal);
    }
    return { outcome: 'stopped', frames, elapsedMs: elapsed() };
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
}

/** Resolves after `ms`, or at once when the signal aborts (the loop then sees the abort and stops). */
function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
