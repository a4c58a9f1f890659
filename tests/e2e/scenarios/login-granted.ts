/**
 * Person A logs in showing a different photo of A: granted, with who it is and the token's claims (signature
 * checked against the JWKS in the browser). Repeated to measure capture click → decision on screen.
 */
import type { Scenario } from '../scenario.js';
import { inBrowser } from '../scenario.js';
import { check, checkEqual } from '../expectations.js';
import { checkControlsLabelled, enterKeys, waitForPhotoMode } from '../page-steps.js';
import { loginOnce } from './login-steps.js';

export const loginGranted: Scenario = {
  name: 'log in as A with another photo of A → granted',
  run: (ctx) =>
    inBrowser(ctx, { camera: { kind: 'video', file: ctx.videos.loginA } }, async ({ page }) => {
      const a = ctx.people.a;
      await enterKeys(page, ctx);
      await page.goto(ctx.url(`/login/?username=${encodeURIComponent(a.username)}`));
      await waitForPhotoMode(page, 'camera');
      await checkControlsLabelled(page, 'login page');
      checkEqual(await page.getByLabel('Username').inputValue(), a.username, 'username prefilled from the link');

      for (let rep = 0; rep < ctx.reps; rep++) {
        const attempt = await loginOnce(page);
        checkEqual(attempt.outcome, 'granted', `login ${rep + 1} of ${a.username} (result "${attempt.heading}")`);
        ctx.figures.grantedMs.push(attempt.decisionMs);
        if (rep === 0) {
          checkEqual(attempt.heading, `Welcome, ${a.username}`, 'granted heading');
          const userId = await page.locator('[data-field="userId"]').textContent();
          check(userId && userId !== '—', 'the granted result names the user id');
          ctx.state.userIdA = userId ?? undefined;
          checkEqual(await page.locator('[data-claim="sub"] td').textContent(), userId, 'token claim sub');
          checkEqual(
            await page.locator('[data-claim="username"] td').textContent(),
            a.username,
            'token claim username',
          );
          await page.locator('.token-signature[data-valid]').waitFor({ timeout: 10_000 });
          checkEqual(
            await page.locator('.token-signature').getAttribute('data-valid'),
            'true',
            'token signature checked with the JWKS',
          );
          await ctx.shoot(page, 'login-granted');
        }
        await page.getByRole('button', { name: 'Log in again' }).click();
      }
    }),
};
