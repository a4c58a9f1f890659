/**
 * Fixtures of the dataset scenarios (tests/browser/dataset-scenarios.spec.ts), on top of tests/browser/fixtures.ts:
 * - `people` (worker): persons A and B of the wild dataset (FACEGATE_DATASETS, default ../shared/datasets), chosen
 *   by the service's own engine and threshold (tests/e2e/pick-people.ts);
 * - `videos` (worker): their webcam videos as Y4M files for Chromium's fake camera;
 * - `figures` (worker): the timings the scenarios measure, printed after the last one;
 * - `browserPage(camera, options)`: a page in a fresh Chromium with that camera (a video, or access refused), whose
 *   console errors and uncaught exceptions fail the test, like `pageErrors` does for the default page;
 * - `shoot(page, step)`: a full-page screenshot kept in the test's output folder and attached to the report.
 *
 * Declaring worker fixtures gives these specs a worker of their own, hence a stack of their own: people enrolled
 * by other specs cannot collide with A and B.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { chromium, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { matchPolicy } from '../../shared/compose.js';
import { loadConfig } from '../../shared/config/load-config.js';
import { createFaceEngine } from '../../shared/face/create-face-engine.js';
import { repoRelative } from '../../scripts/lib/repo-paths.js';
import type { People } from '../e2e/pick-people.js';
import { pickPeople } from '../e2e/pick-people.js';
import { FRAME } from '../e2e/webcam-frames.js';
import { writeY4m } from '../e2e/y4m-video.js';
import { datasetDir } from '../support/datasets.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeCameraArgs } from './chromium-launch.js';
import { test as base } from './fixtures.js';

export interface Videos {
  /** Person A, first photo: the enrollment capture. */
  enrollA: string;
  /** Person A, second photo: log in. */
  loginA: string;
  /** Person B, first photo: the impostor claiming to be A, later B's own enrollment. */
  showB: string;
  /** The kiosk's view: an empty wall, B walking past, then A looking at the camera (looped). */
  kiosk: string;
}

export interface Figures {
  /** Capture click → decision on screen (measured by the page), granted logins. */
  grantedMs: number[];
  /** The same for the impostor's denied attempts. */
  deniedMs: number[];
  kiosk?: { elapsedMs: number; frames: number; identifyRequests: number; minGapMs: number | null };
  enrollMs?: number;
  phoneEnrollMs?: number;
}

export type Camera =
  /** Chromium's fake camera plays this Y4M file; the permission prompt is accepted. */
  | { video: string }
  /** A camera exists but the person refuses access (the prompt is answered "block"). */
  | 'refused';

export interface BrowserPageOptions {
  /** A phone: 390x844 CSS pixels, touch. */
  phone?: boolean;
}

interface ScenarioFixtures {
  browserPage: (camera: Camera, options?: BrowserPageOptions) => Promise<Page>;
  shoot: (page: Page, step: string) => Promise<void>;
}

interface ScenarioWorkerFixtures {
  people: People;
  videos: Videos;
  figures: Figures;
}

/** Each photo is shown for 2 s of video (20 frames at 10 fps); Chromium loops the file. */
const VIDEO = { ...FRAME, fps: 10, framesPerPhoto: 20 };

export const test = base.extend<ScenarioFixtures, ScenarioWorkerFixtures>({
  people: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern
    async ({}, use) => {
      const engine = await createFaceEngine();
      const threshold = matchPolicy(loadConfig(process.env)).thresholdFor(engine.modelVersion);
      const people = await pickPeople(engine, datasetDir('wild'), threshold);
      const sources = (p: People['a']) => p.frames.map((f) => repoRelative(f.source)).join(', ');
      console.log(`people: A = ${people.a.name} (${sources(people.a)}), B = ${people.b.name} (${sources(people.b)})`);
      console.log(
        `  engine ${engine.modelVersion}, threshold ${threshold.toFixed(3)}: ` +
          `A vs A ${people.genuineScore.toFixed(3)}, best B vs A ${people.impostorScore.toFixed(3)}`,
      );
      await use(people);
    },
    { scope: 'worker', timeout: 300_000 },
  ],

  videos: [
    async ({ people }, use) => {
      const dir = await mkdtemp(path.join(tmpdir(), 'facegate-videos-'));
      const videos: Videos = {
        enrollA: path.join(dir, 'a-enroll.y4m'),
        loginA: path.join(dir, 'a-login.y4m'),
        showB: path.join(dir, 'b-impostor.y4m'),
        kiosk: path.join(dir, 'kiosk.y4m'),
      };
      // Sensor noise: a real webcam never delivers two identical frames (a login burst of them is a replayed still).
      const still = (rgb: Uint8Array) => [{ rgb, frames: VIDEO.framesPerPhoto, sensorNoise: 2 }];
      await writeY4m(videos.enrollA, VIDEO, still(people.a.frames[0].rgb));
      await writeY4m(videos.loginA, VIDEO, still(people.a.frames[1].rgb));
      await writeY4m(videos.showB, VIDEO, still(people.b.frames[0].rgb));
      const wall = new Uint8Array(FRAME.width * FRAME.height * 3).fill(170);
      await writeY4m(videos.kiosk, VIDEO, [
        { rgb: wall, frames: VIDEO.fps },
        { rgb: people.b.frames[0].rgb, frames: VIDEO.fps },
        { rgb: people.a.frames[1].rgb, frames: 2 * VIDEO.fps },
      ]);
      await use(videos);
      await rm(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  figures: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern
    async ({}, use) => use({ grantedMs: [], deniedMs: [] }),
    { scope: 'worker' },
  ],

  browserPage: async ({ stack }, use) => {
    const opened: { context: BrowserContext; profile: string; errors: string[] }[] = [];
    await use(async (camera, options = {}) => {
      const profile = await mkdtemp(path.join(tmpdir(), 'facegate-chromium-'));
      const cameraArgs =
        camera === 'refused'
          ? // A fake camera exists, but without the fake UI the headless prompt is dismissed: access refused.
            ['--use-fake-device-for-media-stream', '--deny-permission-prompts']
          : fakeCameraArgs(camera.video);
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS, ...cameraArgs],
        baseURL: stack.baseUrl,
        ...(options.phone
          ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
          : { viewport: { width: 1280, height: 900 } }),
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      opened.push({ context, profile, errors });
      return page;
    });
    // Late errors (a poll, a chart) surface within a moment.
    if (opened.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    for (const { context, profile } of opened) {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    }
    expect(
      opened.flatMap((o) => o.errors),
      'console errors and uncaught exceptions',
    ).toEqual([]);
  },

  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern
  shoot: async ({}, use, testInfo) => {
    let shots = 0;
    await use(async (page, step) => {
      shots += 1;
      const file = testInfo.outputPath(`${String(shots).padStart(2, '0')}-${step}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(step, { path: file, contentType: 'image/png' });
    });
  },
});

export { expect };
