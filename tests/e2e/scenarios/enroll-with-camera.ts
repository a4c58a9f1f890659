/** Person A enrolls through the UI with the (fake) webcam: form, consent, photo, signed upload, status. */
import type { Scenario } from '../scenario.js';
import { inBrowser } from '../scenario.js';
import { check, checkEqual } from '../expectations.js';
import { checkControlsLabelled, enterKeys, resultHeading, waitForPhotoMode } from '../page-steps.js';

export const enrollWithCamera: Scenario = {
  name: 'enroll person A with the camera',
  run: (ctx) =>
    inBrowser(ctx, { camera: { kind: 'video', file: ctx.videos.enrollA } }, async ({ page }) => {
      const a = ctx.people.a;
      await enterKeys(page, ctx);
      await page.goto(ctx.url('/enroll/'));
      await waitForPhotoMode(page, 'camera');
      await checkControlsLabelled(page, 'enroll page');
      await page.getByLabel('Username').fill(a.username);
      await page.getByRole('checkbox', { name: /I agree/ }).check();
      await ctx.shoot(page, 'enroll-form');

      // The camera takes the photo by itself once the form is filled in and the picture holds good.
      await page.locator('.camera-stage[data-state="frozen"]').waitFor();
      await ctx.shoot(page, 'enroll-photo-taken');

      const started = Date.now();
      await page.getByRole('button', { name: 'Enroll', exact: true }).click();
      const result = await resultHeading(page, 90_000);
      ctx.figures.enrollMs = Date.now() - started;
      await ctx.shoot(page, 'enroll-result');
      checkEqual(result.outcome, 'granted', `enrollment of ${a.username} (result "${result.heading}")`);
      checkEqual(result.heading, 'You are enrolled', 'enrollment result heading');
      const progress = await page.locator('progress').getAttribute('value');
      checkEqual(progress, '100', 'upload progress bar at the end');
      const status = await page.getByRole('status').first().textContent();
      check(status?.includes(`Enrolled as ${a.username}`), `status line announces the enrollment, got "${status}"`);
    }),
};
