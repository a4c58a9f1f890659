/**
 * The possession factor end to end: the operator switches "Require the enrolled device" on in the console; B (deleted
 * by the previous scenario) enrolls again under a new name in this browser, whose device key is kept in IndexedDB;
 * B logs in from this browser → granted; from a fresh browser with the same face → denied (possession_required).
 * The switch is turned off again whatever happens, so the demo tenant is left as it was.
 */
import type { Page } from 'playwright-core';
import type { E2eContext } from '../e2e-context.js';
import type { Scenario } from '../scenario.js';
import { inBrowser } from '../scenario.js';
import { check, checkEqual } from '../expectations.js';
import { enterKeys, resultHeading, waitForPhotoMode } from '../page-steps.js';
import { loginOnce } from './login-steps.js';

const SWITCH = 'Require the enrolled device';

async function setRequirePossession(page: Page, ctx: E2eContext, on: boolean): Promise<void> {
  await page.goto(ctx.url('/console/'));
  const toggle = page.getByRole('switch', { name: SWITCH });
  await page.locator(`.login-security input[name="requirePossession"]:not([disabled])`).waitFor({ timeout: 15_000 });
  if ((await toggle.isChecked()) !== on) {
    await toggle.click();
    await page.locator('.login-security').getByText('Saved.').waitFor({ timeout: 15_000 });
  }
  checkEqual(await toggle.isChecked(), on, `"${SWITCH}" after saving`);
}

export const possessionFactor: Scenario = {
  name: 'possession factor: enroll B on this browser → granted here, denied from another browser',
  run: async (ctx) => {
    const username = `${ctx.people.b.username}-device`;
    const camera = { kind: 'video', file: ctx.videos.showB } as const;
    try {
      await inBrowser(ctx, { camera }, async ({ page }) => {
        await enterKeys(page, ctx);
        await setRequirePossession(page, ctx, true);
        await ctx.shoot(page, 'settings-require-device');

        await page.goto(ctx.url('/enroll/'));
        await waitForPhotoMode(page, 'camera');
        await page.getByLabel('Username').fill(username);
        await page.getByRole('checkbox', { name: /I agree/ }).check();
        await page.getByRole('button', { name: 'Enroll', exact: true }).click();
        const enrolled = await resultHeading(page, 90_000);
        checkEqual(enrolled.heading, 'You are enrolled', `enrollment of ${username} with a device key`);

        await page.goto(ctx.url(`/login/?username=${encodeURIComponent(username)}`));
        await waitForPhotoMode(page, 'camera');
        const granted = await loginOnce(page);
        checkEqual(
          granted.outcome,
          'granted',
          `login of ${username} from the enrolling browser ("${granted.heading}")`,
        );
        await ctx.shoot(page, 'possession-granted');
      });

      await inBrowser(ctx, { camera }, async ({ page }) => {
        await enterKeys(page, ctx);
        await page.goto(ctx.url(`/login/?username=${encodeURIComponent(username)}`));
        await waitForPhotoMode(page, 'camera');
        const denied = await loginOnce(page);
        checkEqual(denied.outcome, 'denied', `login of ${username} from another browser`);
        checkEqual(denied.heading, 'Log in from the device you enrolled on', 'the denial names the missing device');
        await ctx.shoot(page, 'possession-denied-other-browser');

        const response = await fetch(ctx.url('/v1/attempts?outcome=denied&limit=5'), {
          headers: { Authorization: `Bearer ${ctx.stack.credentials.operatorKey}` },
        });
        const { attempts } = (await response.json()) as { attempts: { reason: string; claimedUsername: string }[] };
        check(
          attempts.some((a) => a.reason === 'possession_required' && a.claimedUsername === username),
          'the attempts log records the denial as possession_required',
        );
      });
    } finally {
      await inBrowser(ctx, { camera: { kind: 'refused' } }, async ({ page }) => {
        await enterKeys(page, ctx);
        await setRequirePossession(page, ctx, false);
      });
    }
  },
};
