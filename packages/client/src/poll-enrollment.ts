/** Waits for an enrollment to leave pending/processing, polling its status. */
import { FaceGateError } from './errors.js';
import type { Enrollment } from './wire-types.js';

export interface PollOptions {
  /** First delay; later ones grow by half up to `maxIntervalMs` so a slow embed step is not hammered. */
  intervalMs?: number;
  maxIntervalMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  onStatus?: (enrollment: Enrollment) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** The enrollment was still undecided at the timeout; `last` is what the server said last. */
export class EnrollmentTimeoutError extends FaceGateError {
  override readonly name = 'EnrollmentTimeoutError';
  constructor(readonly last: Enrollment) {
    super(0, 'enrollment_timeout', `The enrollment is still ${last.status}; check again later`);
  }
}

/** Resolves with the enrollment once it is active or rejected; rejects with EnrollmentTimeoutError after the timeout. */
export async function pollEnrollment(
  fetchStatus: (signal?: AbortSignal) => Promise<Enrollment>,
  options: PollOptions = {},
): Promise<Enrollment> {
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? (() => Date.now());
  const deadline = now() + (options.timeoutMs ?? 60_000);
  let interval = options.intervalMs ?? 250;
  for (;;) {
    const enrollment = await fetchStatus(options.signal);
    options.onStatus?.(enrollment);
    if (enrollment.status === 'active' || enrollment.status === 'rejected') return enrollment;
    if (now() >= deadline) throw new EnrollmentTimeoutError(enrollment);
    await sleep(interval, options.signal);
    interval = Math.min(options.maxIntervalMs ?? 2000, Math.round(interval * 1.5));
  }
}

/** setTimeout as a promise that rejects with AbortError when the signal fires. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
