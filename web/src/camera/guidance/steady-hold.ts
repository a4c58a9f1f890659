/**
 * "Quality holds for a moment": progress from 0 to 1 while consecutive frames are good, back to 0 on a bad one.
 * Full once the good frames have lasted `holdMs` and number at least `minFrames` (so one lucky frame after a slow
 * detection never fires the capture alone). The capture fires once progress reaches 1. Pure; the caller passes
 * the clock.
 */
export class SteadyHold {
  private since: number | null = null;
  private frames = 0;

  constructor(
    private readonly holdMs: number,
    private readonly minFrames = 1,
  ) {}

  /** Feeds one frame's verdict at time `now` (ms); returns the progress 0..1. */
  update(good: boolean, now: number): number {
    if (!good) {
      this.reset();
      return 0;
    }
    this.since ??= now;
    this.frames += 1;
    const byTime = this.holdMs <= 0 ? 1 : (now - this.since) / this.holdMs;
    const byFrames = this.frames / Math.max(1, this.minFrames);
    return Math.min(1, byTime, byFrames);
  }

  reset(): void {
    this.since = null;
    this.frames = 0;
  }
}
