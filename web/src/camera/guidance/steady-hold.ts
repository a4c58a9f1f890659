/**
 * "Quality holds for a moment": progress from 0 to 1 while consecutive frames are good, back to 0 on a bad one.
 * The capture fires once progress reaches 1. Pure; the caller passes the clock.
 */
export class SteadyHold {
  private since: number | null = null;

  constructor(private readonly holdMs: number) {}

  /** Feeds one frame's verdict at time `now` (ms); returns the progress 0..1. */
  update(good: boolean, now: number): number {
    if (!good) {
      this.since = null;
      return 0;
    }
    this.since ??= now;
    return this.holdMs <= 0 ? 1 : Math.min(1, (now - this.since) / this.holdMs);
  }

  reset(): void {
    this.since = null;
  }
}
