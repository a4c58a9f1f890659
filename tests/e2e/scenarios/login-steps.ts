/** One log-in on the login page: click, wait for the decision, read the in-page capture→decision timing. */
import type { Page } from 'playwright-core';
import { check } from '../expectations.js';

export interface LoginAttempt {
  outcome: string;
  heading: string;
  /** Measured by the page: capture click → decision painted (Performance API). */
  decisionMs: number;
}

export async function loginOnce(page: Page): Promise<LoginAttempt> {
  await page.getByRole('button', { name: 'Log in with my face' }).click();
  const card = page.locator('.result-slot .result[data-decision-ms]');
  await card.waitFor({ timeout: 30_000 }).catch(async () => {
    const shown = await page.locator('.result-slot').textContent();
    throw new Error(`no decision on screen within 30 s${shown ? `; the page shows: ${shown.trim()}` : ''}`);
  });
  const decisionMs = Number(await card.getAttribute('data-decision-ms'));
  check(Number.isFinite(decisionMs) && decisionMs > 0, `the page recorded a decision time, got ${decisionMs}`);
  return {
    outcome: (await card.getAttribute('data-outcome')) ?? '',
    heading: ((await card.locator('h2').textContent()) ?? '').trim(),
    decisionMs,
  };
}
