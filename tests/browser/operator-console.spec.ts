/**
 * The operator console acting on a tenant (issue 19): a user enrolled with a dataset photo is locked out by five
 * impostor attempts through the API; in the console the operator sees who is locked and until when, unlocks,
 * labels an attempt, filters attempts by username, acknowledges an alert, sets a webhook (secret shown once), and
 * opens the user's page with the enrollment photo. Every page is photographed at 1280 and 390 px
 * (out/screenshots/console-*.png), and no table makes the page scroll sideways.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { DevStack } from '../e2e/dev-stack.js';
import { expect, test } from './fixtures.js';

// Enrolls dataset faces other specs enroll too: a stack of its own (tests/browser/fixtures.ts).
test.use({ stackName: 'operator-console' });

const DATASETS = path.resolve(process.env.FACEGATE_DATASETS ?? '../shared/datasets');
const SHOTS = path.resolve('out/screenshots');

interface Seeded {
  userId: string;
  username: string;
}

/** POST /v1/enrollments → signed PUT → poll until the embed step decides. */
async function enrollViaApi(
  stack: DevStack,
  username: string,
  photo: Buffer,
): Promise<{ status: string; userId: string }> {
  const auth = { Authorization: `Bearer ${stack.credentials.clientKey}` };
  const started = (await (
    await fetch(`${stack.baseUrl}/v1/enrollments`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username }),
    })
  ).json()) as {
    enrollmentId: string;
    userId: string;
    upload: { url: string; method: string; headers: Record<string, string> };
  };
  const put = await fetch(started.upload.url, {
    method: started.upload.method,
    headers: started.upload.headers,
    body: photo,
  });
  expect(put.ok, `upload answered ${put.status}`).toBe(true);
  for (let i = 0; i < 120; i++) {
    const view = (await (
      await fetch(`${stack.baseUrl}/v1/enrollments/${started.enrollmentId}`, { headers: auth })
    ).json()) as { status: string };
    if (view.status === 'active' || view.status === 'rejected') return { status: view.status, userId: started.userId };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('enrollment never finished');
}

async function photosOf(person: string): Promise<string[]> {
  const dir = path.join(DATASETS, 'wild', person);
  return (await readdir(dir))
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Enrolls the first photo of a wild identity the service accepts. */
async function seedUser(stack: DevStack, person: string, username: string): Promise<Seeded> {
  for (const [i, file] of (await photosOf(person)).entries()) {
    const result = await enrollViaApi(stack, i === 0 ? username : `${username}${i}`, await readFile(file));
    if (result.status === 'active') return { userId: result.userId, username: i === 0 ? username : `${username}${i}` };
  }
  throw new Error(`no photo of ${person} was accepted`);
}

async function verify(stack: DevStack, username: string, photo: Buffer): Promise<void> {
  const form = new FormData();
  form.set('username', username);
  form.set('image', new Blob([photo], { type: 'image/jpeg' }), 'capture.jpg');
  const response = await fetch(`${stack.baseUrl}/v1/verify`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.credentials.clientKey}` },
    body: form,
  });
  expect(response.status).toBeLessThan(500);
}

async function openConsole(page: Page, stack: DevStack, query = ''): Promise<void> {
  await page.goto(`/console/${query}`);
  // The operator signs in once per tab (the key then stays in this tab's sessionStorage).
  await page.getByLabel('Operator key').fill(stack.credentials.operatorKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.console-panels:not([hidden])').waitFor({ timeout: 15_000 });
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.waitForTimeout(150);
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    // The innermost elements that stick out, so a failure names what to fix.
    const wide = await page.evaluate(`[...document.querySelectorAll('main *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1))
      .slice(0, 5)
      .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))`);
    expect(overflow, `${name} at ${width} px scrolls sideways by ${overflow} px (${String(wide)})`).toBeLessThanOrEqual(
      0,
    );
    await page.screenshot({ path: path.join(SHOTS, `console-${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('an operator unlocks, labels, filters, acknowledges, sets a webhook and opens a user page', async ({
  page,
  stack,
  pageErrors,
}) => {
  test.setTimeout(300_000);
  const alice = await seedUser(stack, 'Angelina_Jolie', 'angelina');
  const bob = await seedUser(stack, 'George_Clooney', 'george');
  const impostor = await readFile((await photosOf('Jeff_Bezos'))[0]!);
  for (let i = 0; i < 5; i++) await verify(stack, alice.username, impostor);
  await verify(stack, bob.username, await readFile((await photosOf('George_Clooney'))[1]!));

  await openConsole(page, stack);
  const aliceRow = page.locator(`#users-table tr[data-user-id="${alice.userId}"]`);
  await expect(aliceRow).toHaveAttribute('data-locked', 'true');
  await expect(aliceRow.locator('[data-field="lockout"]')).toContainText('Locked until');
  await expect(page.locator(`#users-table tr[data-user-id="${bob.userId}"]`)).toHaveAttribute('data-locked', 'false');

  // Attempts show usernames, not ids, and filter by username.
  const attemptsOf = (name: string) => page.locator('#attempts-table [data-field="user"]', { hasText: name });
  await expect(attemptsOf(alice.username)).toHaveCount(5);
  await page.getByLabel('User', { exact: true }).fill(bob.username);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.locator('#attempts-table tbody tr')).toHaveCount(1);
  await expect(attemptsOf(bob.username)).toHaveCount(1);
  await expect(page.locator('#attempts-table').getByText(alice.userId)).toHaveCount(0);

  // Label the attempt in place; the server keeps it (seen again after a reload).
  const label = page.locator('#attempts-table [data-field="label"]').first();
  await label.selectOption('genuine');
  await expect(label).toHaveAttribute('data-saved', 'genuine');

  // Alerts: the lockout raised some; acknowledge one, it leaves the open list.
  const openAlerts = page.locator('#alerts-list li[data-acknowledged="false"]');
  await expect(openAlerts.first()).toBeVisible();
  const before = await openAlerts.count();
  await openAlerts
    .first()
    .getByRole('button', { name: /Acknowledge/ })
    .click();
  await expect(page.locator('#alerts-list li[data-acknowledged="true"]')).toHaveCount(1);
  await expect(page.locator('#alerts-list li[data-acknowledged="true"] [data-field="acknowledged"]')).toContainText(
    'acknowledged',
  );

  // Webhook: the secret is shown once after saving, the URL afterwards. (A loopback URL is refused by design.)
  await page.getByLabel('Alert webhook URL (https)').fill('https://hooks.example.com/facegate');
  await page.locator('#webhook').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('[data-field="webhook-secret"]')).toHaveText(/\S{32,}/);
  await expect(page.locator('[data-field="webhook-url"]')).toContainText('https://hooks.example.com/facegate');
  await shoot(page, 'overview');

  // Reload: labels and acknowledgements were stored, the secret is not shown again.
  await page.reload();
  await expect(page.locator('#alerts-list li[data-acknowledged="false"]')).toHaveCount(before - 1);
  await expect(page.locator('#attempts-table tbody tr').first().locator('[data-field="label"]')).toBeVisible();
  await expect(page.locator('[data-field="webhook-secret"]')).toHaveCount(0);

  // Unlock from the table.
  await page
    .locator(`#users-table tr[data-user-id="${alice.userId}"]`)
    .getByRole('button', { name: /Unlock/ })
    .click();
  await expect(aliceRow).toHaveAttribute('data-locked', 'false');
  await expect(aliceRow.locator('[data-field="lockout"]')).toHaveText('—');

  // The user's page: details, the enrollment photo (decoded by the browser), their attempts and alerts.
  await aliceRow.getByRole('link', { name: alice.username }).click();
  await expect(page.locator('#user-heading')).toHaveText(alice.username);
  const photo = page.locator('.user-photos img').first();
  await expect(photo).toBeVisible();
  // A real decoded picture, not a broken-image placeholder.
  expect(await photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(50);
  await expect(page.locator('#attempts-table tbody tr')).toHaveCount(5);
  await expect(page.locator('#user-alerts')).toBeVisible();
  await shoot(page, 'user');
  expect(pageErrors).toEqual([]);
});
