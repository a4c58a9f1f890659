/** What the scenarios share: the running stack, the chosen people, their camera videos, and the figures collected. */
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { DevStack } from './dev-stack.js';
import type { People } from './pick-people.js';

export interface Videos {
  /** Person A, first photo: the enrollment capture. */
  enrollA: string;
  /** Person A, second photo: log in and kiosk. */
  loginA: string;
  /** Person B, first photo: the impostor claiming to be A. */
  showB: string;
  /** The kiosk's view: an empty wall, B walking past, then A looking at the camera (looped). */
  kiosk: string;
}

export interface Figures {
  /** Capture click → decision on screen, granted logins. */
  grantedMs: number[];
  /** The same for the impostor's denied attempts. */
  deniedMs: number[];
  kiosk?: { elapsedMs: number; frames: number; identifyRequests: number; minGapMs: number | null };
  enrollMs?: number;
  phoneEnrollMs?: number;
}

export class E2eContext {
  readonly figures: Figures = { grantedMs: [], deniedMs: [] };
  /** Facts worth printing (an optional endpoint missing, a tolerated failure). */
  readonly notes: string[] = [];
  /** Filled in by the scenarios as they go. */
  readonly state: { userIdA?: string; userIdB?: string } = {};
  private shots = 0;

  constructor(
    readonly stack: DevStack,
    readonly people: People,
    readonly videos: Videos,
    readonly outDir: string,
    /** Log-in repetitions for the timing figure. */
    readonly reps: number,
  ) {}

  url(pathAndQuery: string): string {
    return `${this.stack.baseUrl}${pathAndQuery}`;
  }

  /** A numbered full-page screenshot under the output folder; returns its path. */
  async shoot(page: Page, step: string): Promise<string> {
    this.shots += 1;
    const file = path.join(this.outDir, `${String(this.shots).padStart(2, '0')}-${step}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}
