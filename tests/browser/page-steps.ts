/** Steps the dataset scenarios take through the pages, written the way a person uses them: by labels and names. */
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { DevCredentials } from '../e2e/dev-stack.js';

/**
 * Signs in to the operator console with the demo operator key (kept in this tab's sessionStorage). The end-user
 * pages need no key: they get the stack's publishable key themselves (`/web-config.json`); the name stays so the
 * scenarios read as before the Settings page went away.
 */
export async function enterKeys(page: Page, credentials: DevCredentials): Promise<void> {
  await page.goto('/console/');
  await page.getByLabel('Operator key').fill(credentials.operatorKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.console-panels:not([hidden])').waitFor({ timeout: 15_000 });
}

/** Waits until the photo source has settled on the camera or the file input, and checks it is the expected one. */
export async function waitForPhotoMode(page: Page, expected: 'camera' | 'file'): Promise<void> {
  const source = page.locator(`.photo-source[data-mode="${expected}"]`);
  await source.waitFor({ timeout: 15_000 }).catch(async () => {
    const actual = await page.locator('.photo-source').getAttribute('data-mode');
    const reason = await page.locator('.fallback-reason').textContent();
    throw new Error(`expected the ${expected} mode, the page is in "${actual}" mode${reason ? ` (${reason})` : ''}`);
  });
}

/**
 * Holds the page's camera back by `ms` (getUserMedia answers late, as on a busy phone), so a step can press before
 * the camera runs. Call before the page loads.
 */
export async function holdCameraBack(page: Page, ms: number): Promise<void> {
  await page.addInitScript({
    content: `{
      const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = (constraints) =>
        new Promise((resolve) => setTimeout(resolve, ${ms})).then(() => open(constraints));
    }`,
  });
}

/** Whether the page's photo source is still starting (neither camera nor file input yet). */
export async function cameraStillStarting(page: Page): Promise<boolean> {
  return (await page.locator('.photo-source').getAttribute('data-mode')) === null;
}

/**
 * Browser-side probes, as source text: this folder compiles against Node's types only (no DOM lib), and the
 * probes are small enough to read as strings.
 */
const UNLABELLED_CONTROLS = `Array.from(document.querySelectorAll('input, select, textarea, button'))
  .filter((el) => el.getClientRects().length > 0)
  .filter((el) => {
    const labelled = el.labels && el.labels.length > 0;
    const text = el.tagName === 'BUTTON' ? el.textContent.trim() : '';
    return !labelled && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && text === '';
  })
  .map((el) => el.outerHTML.slice(0, 120))`;
const PAGE_WIDTHS = '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })';

/** Every visible form control has an accessible name (a label, aria-label or aria-labelledby). */
export async function expectControlsLabelled(page: Page, where: string): Promise<void> {
  const unlabelled = await page.evaluate<string[]>(UNLABELLED_CONTROLS);
  expect(unlabelled, `${where}: form controls without an accessible name`).toEqual([]);
}

/** The page fits the viewport's width (no sideways scrolling on a phone). */
export async function expectNoHorizontalScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(PAGE_WIDTHS);
  expect(scrollWidth, `${where}: page width in a ${innerWidth} px viewport`).toBeLessThanOrEqual(innerWidth + 1);
}

/** The result card's outcome and heading once a result is on screen. */
export async function resultHeading(page: Page, timeoutMs: number): Promise<{ outcome: string; heading: string }> {
  const card = page.locator('.result-slot .result');
  await card.waitFor({ timeout: timeoutMs });
  return {
    outcome: (await card.getAttribute('data-outcome')) ?? '',
    heading: ((await card.locator('h2').textContent()) ?? '').trim(),
  };
}

export interface LoginAttempt {
  outcome: string;
  heading: string;
  /** Measured by the page: capture click → decision painted (Performance API). */
  decisionMs: number;
}

/** One log-in on the login page: click, wait for the decision, read the in-page capture→decision timing. */
export async function loginOnce(page: Page): Promise<LoginAttempt> {
  await page.getByRole('button', { name: 'Log in with my face' }).click();
  const card = page.locator('.result-slot .result[data-decision-ms]');
  await card.waitFor({ timeout: 30_000 }).catch(async () => {
    const shown = await page.locator('.result-slot').textContent();
    throw new Error(`no decision on screen within 30 s${shown ? `; the page shows: ${shown.trim()}` : ''}`);
  });
  const decisionMs = Number(await card.getAttribute('data-decision-ms'));
  expect(decisionMs, 'the decision time the page recorded').toBeGreaterThan(0);
  return {
    outcome: (await card.getAttribute('data-outcome')) ?? '',
    heading: ((await card.locator('h2').textContent()) ?? '').trim(),
    decisionMs,
  };
}

/** Switches the tenant's "Require the enrolled device" on or off in the console (operator signed in). */
export async function setRequirePossession(page: Page, on: boolean): Promise<void> {
  const name = 'Require the enrolled device';
  await page.goto('/console/');
  const toggle = page.getByRole('switch', { name });
  await page.locator(`.login-security input[name="requirePossession"]:not([disabled])`).waitFor({ timeout: 15_000 });
  if ((await toggle.isChecked()) !== on) {
    await toggle.click();
    await expect(page.locator('.login-security').getByText('Saved.')).toBeVisible({ timeout: 15_000 });
  }
  expect(await toggle.isChecked(), `"${name}" after saving`).toBe(on);
}
