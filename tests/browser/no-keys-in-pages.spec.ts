/**
 * No secrets in people's hands (issue 18): the end-user pages carry the stack's publishable key themselves (nothing to
 * type, no Settings page), the key works from the stack's own origin in a real browser (Origin on a POST, Referer on
 * a same-origin GET) and not from another site's page, and the operator key is asked once by the console's sign-in.
 */
import { createServer, type Server } from 'node:http';
import { expect, test } from './fixtures.js';

test('end-user pages need no key: the publishable key comes from the server and is bound to its origin', async ({
  page,
  pageErrors,
}) => {
  await page.goto('/enroll/');
  await expect(page.getByRole('heading', { name: 'Enroll your face' })).toBeVisible();
  await expect(page.locator('input[type="password"]')).toHaveCount(0);
  await expect(page.getByText(/API key/i)).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  // There is no Settings page any more: /settings/ is the home page's fallback, with nowhere to type a key.
  await page.goto('/settings/');
  await expect(page.locator('input')).toHaveCount(0);
  await page.goto('/enroll/');

  const answers = await page.evaluate(async () => {
    const { publishableKey } = (await (await fetch('/web-config.json')).json()) as { publishableKey: string };
    const auth = { Authorization: `Bearer ${publishableKey}` };
    const challenge = await fetch('/v1/challenges', { method: 'POST', headers: auth });
    const started = await fetch('/v1/enrollments', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'no-keys-browser' }),
    });
    const { enrollmentId } = (await started.json()) as { enrollmentId: string };
    // A same-origin GET: the browser sends no Origin, the server reads the page's origin from Referer.
    const poll = await fetch(`/v1/enrollments/${enrollmentId}`, { headers: auth });
    return { key: publishableKey, challenge: challenge.status, started: started.status, poll: poll.status };
  });
  expect(answers.key).toMatch(/^fgpk_/);
  expect([answers.challenge, answers.started, answers.poll]).toEqual([201, 201, 200]);
  expect(pageErrors).toEqual([]);
});

test('another site’s page cannot use the publishable key', async ({ page, stack }) => {
  const key = ((await (await page.request.get('/web-config.json')).json()) as { publishableKey: string })
    .publishableKey;
  const other: Server = createServer((_req, res) => res.end('<!doctype html><title>elsewhere</title>'));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = other.address() as { port: number };
    await page.goto(`http://127.0.0.1:${port}/`);
    const answer = await page.evaluate(
      async ({ api, key }) => {
        const response = await fetch(`${api}/v1/challenges`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}` },
        });
        return { status: response.status, body: (await response.json()) as { error?: { code?: string } } };
      },
      { api: stack.baseUrl, key },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('origin_not_allowed');
  } finally {
    await new Promise((resolve) => other.close(resolve));
  }
});

test('the console asks for the operator key once, refuses a wrong one, and signs out', async ({ page, stack }) => {
  await page.goto('/console/');
  const keyField = page.getByLabel('Operator key');
  await expect(keyField).toBeVisible();
  await expect(page.locator('.console-panels')).toBeHidden();

  await keyField.fill(stack.credentials.clientKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/Not signed in/)).toBeVisible();
  await expect(page.locator('.console-panels')).toBeHidden();

  await keyField.fill(stack.credentials.operatorKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.console-panels')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Login security' })).toBeVisible();

  await page.reload();
  await expect(page.locator('.console-panels')).toBeVisible();
  await expect(page.getByLabel('Operator key')).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Operator key')).toBeVisible();
  // Runs in the page, where sessionStorage exists; the Node-typed test code has no DOM types.
  expect(await page.evaluate('sessionStorage.length')).toBe(0);
});
