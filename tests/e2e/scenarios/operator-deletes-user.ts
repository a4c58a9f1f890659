/** The operator finds person B in the console, deletes them after confirming, and B is gone from the API. */
import type { Scenario } from '../scenario.js';
import { inBrowser } from '../scenario.js';
import { check, checkEqual } from '../expectations.js';
import { enterKeys } from '../page-steps.js';

export const operatorDeletesUser: Scenario = {
  name: 'operator searches for B and deletes them',
  run: (ctx) =>
    inBrowser(ctx, { camera: { kind: 'refused' } }, async ({ page }) => {
      const b = ctx.people.b;
      await enterKeys(page, ctx);
      await page.goto(ctx.url('/console/'));
      await page.getByLabel('Search users').fill(b.username);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      // The first load lists everyone; the search's answer replaces it.
      await page.getByText('1 user shown.').waitFor({ timeout: 15_000 });
      const row = page.locator('#users-table tbody tr', { has: page.locator('th', { hasText: b.username }) });
      checkEqual(await row.count(), 1, `rows for ${b.username} after searching for them`);
      checkEqual(await page.locator('#users-table tbody tr').count(), 1, 'rows after searching for B');
      await page.getByRole('button', { name: `Delete ${b.username}` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await ctx.shoot(page, 'console-confirm-delete');
      await dialog.getByRole('button', { name: 'Delete user' }).click();
      await page.getByText(`${b.username} was deleted.`).waitFor({ timeout: 15_000 });
      check((await row.count()) === 0, 'the deleted user is gone from the table');
      await ctx.shoot(page, 'console-user-deleted');

      const response = await fetch(ctx.url(`/v1/users?search=${encodeURIComponent(b.username)}`), {
        headers: { Authorization: `Bearer ${ctx.stack.credentials.operatorKey}` },
      });
      const body = (await response.json()) as { users: { username: string }[] };
      check(!body.users.some((u) => u.username === b.username), `the API still lists ${b.username} after deletion`);
    }),
};
