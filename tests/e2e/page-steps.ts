/** Steps several scenarios take through the pages, written the way a person uses them: by labels and button names. */
import type { Page } from 'playwright-core';
import type { E2eContext } from './e2e-context.js';
import { check } from './expectations.js';

/**
 * Signs in to the operator console with the demo operator key (kept in this tab's sessionStorage). The end-user
 * pages need no key any more: they get the stack's publishable key themselves (`/web-config.json`); the name stays
 * so the scenarios that called it before the Settings page went away read the same.
 */
export async function enterKeys(page: Page, ctx: E2eContext): Promise<void> {
  await page.goto(ctx.url('/console/'));
  await page.getByLabel('Operator key').fill(ctx.stack.credentials.operatorKey);
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
export async function checkControlsLabelled(page: Page, where: string): Promise<void> {
  const unlabelled = await page.evaluate<string[]>(UNLABELLED_CONTROLS);
  check(unlabelled.length === 0, `${where}: form controls without an accessible name: ${unlabelled.join(' | ')}`);
}

/** The page fits the viewport's width (no sideways scrolling on a phone). */
export async function checkNoHorizontalScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(PAGE_WIDTHS);
  check(scrollWidth <= innerWidth + 1, `${where}: the page is ${scrollWidth} px wide in a ${innerWidth} px viewport`);
}

/** The text of the result card's heading once a result is on screen. */
export async function resultHeading(page: Page, timeoutMs: number): Promise<{ outcome: string; heading: string }> {
  const card = page.locator('.result-slot .result');
  await card.waitFor({ timeout: timeoutMs });
  return {
    outcome: (await card.getAttribute('data-outcome')) ?? '',
    heading: ((await card.locator('h2').textContent()) ?? '').trim(),
  };
}
