/**
 * Fixtures every browser spec shares:
 * - `stack`: the local stack (scripts/dev-server.ts on a free port, fresh data dir), one per worker;
 * - `cameraPage(y4m, options)`: a page in a fresh Chromium whose fake camera plays the given Y4M file (the camera is
 *   fixed at launch, so each video needs its own browser); closed after the test;
 * - `pageErrors`: console errors and uncaught exceptions of the default `page`, checked empty after each test.
 *
 *   import { test, expect } from './fixtures.js';
 */
import type { BrowserContext, Page } from '@playwright/test';
import { test as base, chromium, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DevStack } from '../e2e/dev-stack.js';
import { startDevStack } from '../e2e/dev-stack.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeCameraArgs } from './chromium-launch.js';

export interface CameraPageOptions {
  /** A phone: 390x844 CSS pixels, touch. */
  phone?: boolean;
}

interface TestFixtures {
  cameraPage: (y4mFile: string, options?: CameraPageOptions) => Promise<Page>;
  pageErrors: string[];
}

interface WorkerFixtures {
  /**
   * Which local stack a spec runs against: specs that enroll the same dataset faces set their own name
   * (`test.use({ stackName: 'oidc' })`), so they run in a worker of their own, on a stack of their own, and the
   * duplicate-face check of one spec's enrollment never meets another spec's.
   */
  stackName: string;
  stack: DevStack;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  stackName: ['shared', { scope: 'worker', option: true }],

  stack: [
    async ({ stackName }, use) => {
      void stackName; // only decides the worker (and so the stack) a spec gets
      const stack = await startDevStack();
      await use(stack);
      await stack.stop();
    },
    { scope: 'worker', timeout: 180_000 },
  ],

  baseURL: async ({ stack }, use) => use(stack.baseUrl),

  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    await use(errors);
    expect(errors, 'console errors and uncaught exceptions').toEqual([]);
  },

  cameraPage: async ({ stack }, use) => {
    const opened: { context: BrowserContext; profile: string }[] = [];
    await use(async (y4mFile, options = {}) => {
      const profile = await mkdtemp(path.join(tmpdir(), 'facegate-chromium-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS, ...fakeCameraArgs(y4mFile)],
        baseURL: stack.baseUrl,
        ...(options.phone
          ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
          : { viewport: { width: 1280, height: 900 } }),
      });
      opened.push({ context, profile });
      return context.pages()[0] ?? (await context.newPage());
    });
    for (const { context, profile } of opened) {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    }
  },
});

export { expect };
