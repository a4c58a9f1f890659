/**
 * A phone whose owner refuses camera access: the enroll page falls back to a file input with capture="user",
 * and person B completes enrollment with a picked photo. Every page must fit the narrow screen.
 */
import type { Scenario } from '../scenario.js';
import { inBrowser } from '../scenario.js';
import { check, checkEqual } from '../expectations.js';
import {
  checkControlsLabelled,
  checkNoHorizontalScroll,
  enterKeys,
  resultHeading,
  waitForPhotoMode,
} from '../page-steps.js';

export const phoneEnrollFileFallback: Scenario = {
  name: 'phone enrolls B through the file-input fallback',
  run: (ctx) =>
    inBrowser(ctx, { camera: { kind: 'refused' }, phone: true }, async ({ page }) => {
      const b = ctx.people.b;
      await enterKeys(page, ctx);
      await page.goto(ctx.url('/enroll/'));
      await waitForPhotoMode(page, 'file');
      const reason = await page.locator('.fallback-reason').textContent();
      check(reason?.includes('Camera access was refused'), `the fallback says why, got "${reason}"`);
      const input = page.getByLabel('Take or choose a photo of your face');
      checkEqual(await input.getAttribute('capture'), 'user', 'file input opens the front camera on phones');
      check(
        !(await page.getByRole('button', { name: 'Take photo' }).isVisible()),
        'no "Take photo" button without a camera',
      );
      await checkControlsLabelled(page, 'phone enroll page');
      await checkNoHorizontalScroll(page, 'phone enroll page');
      await ctx.shoot(page, 'phone-enroll-fallback');

      await page.getByLabel('Username').fill(b.username);
      await page.getByRole('checkbox', { name: /I agree/ }).check();
      await input.setInputFiles({ name: 'selfie.jpg', mimeType: 'image/jpeg', buffer: b.frames[1].jpeg });
      await page.locator('.picked-preview').waitFor();
      await ctx.shoot(page, 'phone-enroll-photo-picked');
      const started = Date.now();
      await page.getByRole('button', { name: 'Enroll', exact: true }).click();
      const result = await resultHeading(page, 90_000);
      ctx.figures.phoneEnrollMs = Date.now() - started;
      await ctx.shoot(page, 'phone-enroll-result');
      checkEqual(result.outcome, 'granted', `phone enrollment of ${b.username} (result "${result.heading}")`);
      checkEqual(result.heading, 'You are enrolled', 'phone enrollment heading');
      await checkNoHorizontalScroll(page, 'phone enroll result');

      // The other pages fit the phone too, the console with its tables and charts included.
      for (const [path, ready] of [
        ['/login/', '.photo-source[data-mode="file"]'],
        ['/kiosk/', '.photo-source[data-mode="file"]'],
        ['/console/', '#users-table tbody tr'],
      ] as const) {
        await page.goto(ctx.url(path));
        await page.locator(ready).first().waitFor({ timeout: 15_000 });
        await checkControlsLabelled(page, `phone ${path}`);
        await checkNoHorizontalScroll(page, `phone ${path}`);
      }
      await ctx.shoot(page, 'phone-console');
    }),
};
