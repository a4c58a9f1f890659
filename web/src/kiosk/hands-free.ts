/**
 * The kiosk's hands-free rhythm, as a pure state machine the page drives with what the camera sees: idle while
 * nobody is there (no request is sent), asking the service at most every `intervalMs` while one good face is in
 * front of it, a welcome held until that person steps away, and a "not recognised" pause after a run of denials
 * so a stranger is not scanned for ever.
 */

export type KioskPhase = 'idle' | 'guiding' | 'identifying' | 'welcome' | 'unknown';

export interface HandsFreeOptions {
  intervalMs: number;
  /** Denials in a row before the kiosk says it does not recognise the person. */
  maxDenials: number;
  /** How long nobody must be seen before the kiosk is ready for the next person. */
  goneMs: number;
}

export type KioskAction = { kind: 'none' } | { kind: 'identify' };

export class HandsFree {
  private phaseValue: KioskPhase = 'idle';
  private inFlight = false;
  private lastSent = -Infinity;
  private denials = 0;
  private lastSeen = -Infinity;

  constructor(private readonly options: HandsFreeOptions) {}

  get phase(): KioskPhase {
    return this.phaseValue;
  }

  /**
   * One judged frame: `present` = a face is there at all, `good` = the guidance has nothing to fix.
   * Returns whether to send this frame to the service now.
   */
  frame(present: boolean, good: boolean, now: number): KioskAction {
    if (present) this.lastSeen = now;
    if (this.phaseValue === 'welcome' || this.phaseValue === 'unknown') {
      // Held until the person has stepped away, then ready for the next one.
      if (now - this.lastSeen >= this.options.goneMs) this.toIdle();
      return { kind: 'none' };
    }
    if (!present) {
      if (now - this.lastSeen >= this.options.goneMs) this.toIdle();
      return { kind: 'none' };
    }
    this.phaseValue = good || this.inFlight ? 'identifying' : 'guiding';
    if (!good || this.inFlight || now - this.lastSent < this.options.intervalMs) return { kind: 'none' };
    this.inFlight = true;
    // Provisional: `sent` moves it to the moment the request leaves, after the photo is encoded.
    this.lastSent = now;
    return { kind: 'identify' };
  }

  /**
   * The request left now. Encoding a photo takes a variable time on a busy device, so spacing is counted from the
   * send, not from the frame: two requests never start closer than `intervalMs`.
   */
  sent(now: number): void {
    this.lastSent = Math.max(this.lastSent, now);
  }

  /** The service's answer to the frame sent. */
  answered(granted: boolean): void {
    this.inFlight = false;
    if (granted) {
      this.phaseValue = 'welcome';
      this.denials = 0;
      return;
    }
    this.denials += 1;
    if (this.denials >= this.options.maxDenials) this.phaseValue = 'unknown';
  }

  /** The request failed (network, 429): nothing learnt; the interval spaces the next try. */
  failed(): void {
    this.inFlight = false;
  }

  private toIdle(): void {
    this.phaseValue = 'idle';
    this.denials = 0;
  }
}
