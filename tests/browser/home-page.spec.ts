/** The local stack's home page in a real browser: it links every page and loads without a console error. */
import { expect, test } from './fixtures.js';

test('the home page links enroll, log in, kiosk and console, with no console error', async ({ page, pageErrors }) => {
  await page.goto('/');
  for (const name of [/enrol/i, /log in/i, /kiosk/i, /console/i]) {
    await expect(page.getByRole('link', { name }).first()).toBeVisible();
  }
  const health = await page.request.get('/healthz');
  expect(health.ok()).toBe(true);
  expect(pageErrors).toEqual([]);
});
