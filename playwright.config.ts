/**
 * Browser tests (`npm run test:browser`): @playwright/test specs under tests/browser, driving Debian's Chromium
 * (FACEGATE_CHROMIUM, default /usr/bin/chromium; the machine has no Playwright-downloaded browsers and no internet).
 * Each spec file starts its own local stack (tests/browser/fixtures.ts). Traces and screenshots are kept on failure
 * under out/browser-results; the HTML report goes to out/browser-report.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './tests/browser/chromium-launch.js';

export default defineConfig({
  testDir: 'tests/browser',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/browser/global-setup.ts',
  // 2 shared cores, and the face engine runs in the server under test: one spec file at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  outputDir: 'out/browser-results',
  reporter: [['list'], ['html', { outputFolder: 'out/browser-report', open: 'never' }]],
  use: {
    launchOptions: CHROMIUM_LAUNCH,
    viewport: { width: 1280, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
