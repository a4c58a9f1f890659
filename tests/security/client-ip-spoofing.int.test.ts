/**
 * Finding 3 (issue 12): the client IP must be the address Google's front end appended to X-Forwarded-For, not one
 * the client wrote. Replayed through the real `functions/api` entry point under the Functions Framework (Express
 * with `trust proxy`), over the security harness's real use cases and SQLite repositories.
 *
 * The test server has no Google front end in front of it, so each request carries the header as Google would
 * forward it: whatever the attacker sent, then `, <the address Google saw>`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Harness } from '../../shared/app/security-harness.test-support.js';
import { photo, securityHarness } from '../../shared/app/security-harness.test-support.js';
import { createTenantWithKeys } from '../../shared/local/demo-tenant.js';

const state = vi.hoisted((): { harness: unknown; trustedProxyHops: number } => ({
  harness: undefined,
  trustedProxyHops: 1,
}));

vi.mock('../../shared/compose.js', () => ({
  compose: () =>
    Promise.resolve({
      app: (state.harness as Harness).app,
      config: {
        upload: { maxBytes: 1024 * 1024 },
        publicUrl: 'https://faces.example.com',
        logLevel: 'error',
        trustedProxyHops: state.trustedProxyHops,
      },
    }),
}));

await import('../../functions/api/index.js');

const PER_IP = 3;
const ATTACKER = '203.0.113.7';
let harness: Harness;
let clientKey: string;
let server: Server;
let base: string;

beforeAll(async () => {
  harness = await securityHarness({ security: { rateLimits: { perIpPerMinute: PER_IP, perKeyPerMinute: 0 } } });
  state.harness = harness;
  // The harness's tenant key is only known as a principal; a second tenant of the same repositories gives a raw key.
  clientKey = (await createTenantWithKeys(harness.repos, 'Spoofing test')).clientKey;
  await harness.enrolled('alice', 1);
  server = getTestServer('api');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await harness.close();
});

function challenge(forwardedFor: string): Promise<Response> {
  return fetch(`${base}/v1/challenges`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clientKey}`, 'x-forwarded-for': forwardedFor },
  });
}

describe('client IP spoofing through X-Forwarded-For', () => {
  it('counts a rotating forged X-Forwarded-For against the address Google appended', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= PER_IP + 2; i++) {
      // The attacker writes a fresh address each time; Google appends the one it saw.
      statuses.push((await challenge(`10.9.8.${i}, ${ATTACKER}`)).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    // Someone else behind the same front end is not affected.
    expect((await challenge('198.51.100.99')).status).toBe(201);
  });

  it('records the appended address in the attempt, not the forged one', async () => {
    const tenant = await createTenantWithKeys(harness.repos, 'Audit test');
    const response = await fetch(`${base}/v1/verify`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tenant.clientKey}`,
        'content-type': 'application/json',
        'x-forwarded-for': `1.2.3.4, 5.6.7.8, 192.0.2.55`,
      },
      body: JSON.stringify({ username: 'nobody', image: Buffer.from(photo({ person: 2 })).toString('base64') }),
    });
    expect(response.status).toBe(200);
    const attempts = await harness.repos.forTenant(tenant.tenantId).attempts.list();
    expect(attempts.items.map((a) => a.clientIp)).toEqual(['192.0.2.55']);
  });

  it('ignores an entry that is not an address and falls back to the connection', async () => {
    const tenant = await createTenantWithKeys(harness.repos, 'Garbage test');
    await fetch(`${base}/v1/verify`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tenant.clientKey}`,
        'content-type': 'application/json',
        'x-forwarded-for': `203.0.113.1, not-an-address`,
      },
      body: JSON.stringify({ username: 'nobody', image: Buffer.from(photo({ person: 2 })).toString('base64') }),
    });
    const attempts = await harness.repos.forTenant(tenant.tenantId).attempts.list();
    expect(attempts.items.map((a) => a.clientIp)).toEqual(['127.0.0.1']);
  });
});
