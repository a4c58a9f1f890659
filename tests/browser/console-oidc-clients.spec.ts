/**
 * The console's sign-in clients panel against the real `/v1/oidc/clients` API: an operator registers a relying
 * party (name, redirect URIs, not first-party, a server with a secret shown once), sees it listed, and deletes it;
 * the API agrees at each step. Enrolls no faces, so it runs on the shared stack.
 */
import type { APIRequestContext } from '@playwright/test';
import type { DevStack } from '../e2e/dev-stack.js';
import { expect, test } from './fixtures.js';
import { enterKeys } from './page-steps.js';

interface ListedClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  firstParty: boolean;
  tokenEndpointAuthMethod: string;
}

async function listed(request: APIRequestContext, stack: DevStack): Promise<ListedClient[]> {
  const response = await request.get(`${stack.baseUrl}/v1/oidc/clients`, {
    headers: { Authorization: `Bearer ${stack.credentials.operatorKey}` },
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { clients: ListedClient[] }).clients;
}

test('an operator registers, lists and deletes an OpenID Connect client in the console', async ({
  page,
  stack,
  request,
  pageErrors,
}) => {
  void pageErrors; // checked empty after the test
  await enterKeys(page, stack.credentials);
  const panel = page.locator('#oidc-clients');
  await expect(panel.getByText('No sign-in clients yet.')).toBeVisible();

  await panel.getByLabel('Application name').fill('Intranet');
  await panel
    .getByLabel('Redirect URIs (one per line)')
    .fill('https://intranet.example.com/callback\nhttps://intranet.example.com/cb2');
  await panel.getByRole('switch', { name: /First-party/ }).uncheck();
  await panel.getByRole('button', { name: 'Register client' }).click();
  await expect(panel.getByText(/Registered Intranet \(client id /)).toBeVisible();

  const [client, ...others] = await listed(request, stack);
  expect(others).toEqual([]);
  expect(client).toMatchObject({
    name: 'Intranet',
    redirectUris: ['https://intranet.example.com/callback', 'https://intranet.example.com/cb2'],
    firstParty: false,
  });
  expect(client!.tokenEndpointAuthMethod).not.toBe('none');
  const secret = (await panel.locator('[data-field="oidc-client-secret"]').textContent())?.trim() ?? '';
  expect(secret.length, 'the client secret is shown once').toBeGreaterThanOrEqual(43);
  const row = panel.locator(`tr[data-client-id="${client!.clientId}"]`);
  await expect(row).toContainText('Intranet');
  await expect(row).toContainText('https://intranet.example.com/callback');
  await expect(row.locator('td').nth(3)).toHaveText('no');

  await row.getByRole('button', { name: 'Delete Intranet' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete client' }).click();
  await expect(panel.getByText('Deleted Intranet.')).toBeVisible();
  await expect(row).toHaveCount(0);
  expect(await listed(request, stack)).toEqual([]);
});
