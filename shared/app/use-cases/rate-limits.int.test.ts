/** Per client IP and per API key limits on a FakeClock: 429 rate_limited with the rest of the minute to wait. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTenantWithKeys } from '../../local/demo-tenant.js';
import { photo, securityHarness, type Harness } from '../security-harness.test-support.js';

let h: Harness | undefined;
afterEach(() => h?.close());

const image = photo({ person: 1, live: true });

describe('rate limits', () => {
  it('limits one client IP per minute and lets it in again in the next minute', async () => {
    h = await securityHarness({ security: { rateLimits: { perIpPerMinute: 3, perKeyPerMinute: 0 } } });
    const harness = h;
    await harness.enrolled('alice', 1);
    harness.clock.set('2026-01-01T00:00:15.000Z');
    const from = (ip: string) => harness.app.verify(harness.client, { username: 'alice', image, client: { ip } });
    for (let i = 0; i < 3; i++) expect((await from('198.51.100.1')).decision).toBe('granted');
    await expect(from('198.51.100.1')).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
      extra: { retryAfterSeconds: 45 },
    });
    // Another address is counted on its own; identify shares the address's budget.
    expect((await from('198.51.100.2')).decision).toBe('granted');
    await expect(harness.app.identify(harness.client, { image, client: { ip: '198.51.100.1' } })).rejects.toMatchObject(
      {
        code: 'rate_limited',
      },
    );
    harness.clock.advance(45_000);
    expect((await from('198.51.100.1')).decision).toBe('granted');
  });

  it('limits one API key per minute, whatever the address, and keeps tenants apart', async () => {
    h = await securityHarness({ security: { rateLimits: { perIpPerMinute: 0, perKeyPerMinute: 2 } } });
    const harness = h;
    await harness.enrolled('alice', 1);
    for (const ip of ['192.0.2.1', '192.0.2.2']) {
      await harness.app.identify(harness.client, { image, client: { ip } });
    }
    await expect(harness.app.identify(harness.client, { image, client: { ip: '192.0.2.3' } })).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
    });
    await expect(harness.app.startEnrollment(harness.client, { username: 'bob' })).rejects.toMatchObject({
      code: 'rate_limited',
    });
    const other = await harness.app.authenticate(
      `Bearer ${(await createTenantWithKeys(harness.repos, 'B')).clientKey}`,
    );
    expect((await harness.app.identify(other, { image })).decision).toBe('denied');
  });

  it('counts login challenges in the same per-IP and per-key budget as verify', async () => {
    h = await securityHarness({ security: { rateLimits: { perIpPerMinute: 2, perKeyPerMinute: 5 } } });
    const harness = h;
    await harness.enrolled('alice', 1);
    const address = { ip: '198.51.100.1' };
    const challenges = harness.repos.forTenant(harness.client.tenantId).loginChallenges;
    const first = await harness.app.createChallenge(harness.client, address);
    expect((await harness.app.verify(harness.client, { username: 'alice', image, client: address })).decision).toBe(
      'granted',
    );
    // The address's two requests are spent: neither a challenge nor a verify from it gets through.
    await expect(harness.app.createChallenge(harness.client, address)).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
      extra: { retryAfterSeconds: 60 },
    });
    await expect(
      harness.app.verify(harness.client, { username: 'alice', image, client: address }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    // Requests refused per address did not spend the key's budget (issue 12, finding 10): the key's 3rd to 5th come
    // from elsewhere, its 6th is refused (no key share in this test). Refused challenges were not stored.
    for (const ip of ['198.51.100.2', '198.51.100.3', '198.51.100.4'])
      await harness.app.createChallenge(harness.client, { ip });
    await expect(harness.app.createChallenge(harness.client, { ip: '198.51.100.5' })).rejects.toMatchObject({
      code: 'rate_limited',
    });
    expect(await challenges.deleteExpired(Number.MAX_SAFE_INTEGER)).toBe(4);
    expect(first.challengeId).toMatch(/^chl_/);
    harness.clock.advance(60_000);
    await expect(harness.app.createChallenge(harness.client, address)).resolves.toMatchObject({
      tenantId: harness.client.tenantId,
    });
  });
});
