/**
 * The Clock port: the one place the application asks what time it is, so expiry, lockout and retention
 * logic can be tested by moving time instead of waiting for it.
 */
export interface Clock {
  /** The current instant as a Date (a fresh object on every call). */
  now(): Date;
  /** The current instant in milliseconds since the Unix epoch. */
  nowMs(): number;
}

/** The real wall clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  nowMs: () => Date.now(),
};

/** A clock for tests: time stands still until the test moves it. */
export class FakeClock implements Clock {
  private ms: number;

  /** @param start the initial instant (Date, epoch ms or ISO string); defaults to 2025-01-01T00:00:00Z. */
  constructor(start: Date | number | string = '2025-01-01T00:00:00.000Z') {
    this.ms = toMs(start);
  }

  now(): Date {
    return new Date(this.ms);
  }

  nowMs(): number {
    return this.ms;
  }

  /** Moves time forward (or backward, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void {
    this.ms += ms;
  }

  /** Jumps to an absolute instant. */
  set(instant: Date | number | string): void {
    this.ms = toMs(instant);
  }
}

function toMs(instant: Date | number | string): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`FakeClock: not a valid instant: ${String(instant)}`);
  return ms;
}
