/**
 * Finding 10 of issue 12, replayed as an attack: the per-key budget is shared by every end user of a client key,
 * so one address must not be able to spend it for all. Counters live in the database: registered for SQLite and
 * MariaDB.
 */
import { expect, it } from 'vitest';
import type { Harness } from '../../shared/app/security-harness.test-support.js';
import { withHarness, type WithDatabase } from './security-test-kit.js';

async function challengeFrom(h: Harness, ip: string): Promise<string> {
  return h.app.createChallenge(h.client, { ip }).then(
    () => 'ok',
    (e: unknown) => (e as { code?: string }).code ?? String(e),
  );
}

async function burst(h: Harness, ip: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(await challengeFrom(h, ip));
  return out;
}

export function keyBudgetScenarios(withDatabase: WithDatabase): void {
  const rateLimits = { perIpPerMinute: 50, perKeyPerMinute: 100, keySharePerMinute: 5 };

  it('does not let requests refused per address spend the key’s budget', async () => {
    await withHarness(
      withDatabase,
      async (h) => {
        const attack = await burst(h, '203.0.113.9', 300);
        expect(attack.filter((r) => r === 'ok')).toHaveLength(50);
        expect(attack.filter((r) => r === 'rate_limited')).toHaveLength(250);
        // The key has served 50 of its 100: everybody else is served as before.
        expect(await burst(h, '198.51.100.7', 20)).toEqual(Array<string>(20).fill('ok'));
      },
      { security: { rateLimits } },
    );
  });

  it('keeps serving light users once a few addresses have spent the key’s budget', async () => {
    await withHarness(
      withDatabase,
      async (h) => {
        for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) await burst(h, ip, 50); // 150 > 100
        expect(await challengeFrom(h, '203.0.113.1')).toBe('rate_limited');
        expect(await challengeFrom(h, '203.0.113.4')).toBe('ok'); // a new address gets its share...
        expect(await burst(h, '203.0.113.4', 10)).toEqual([
          ...Array<string>(4).fill('ok'),
          ...Array<string>(6).fill('rate_limited'),
        ]);
        // ...and so does the owner on her own network (IPv6 counts per /64).
        expect(await burst(h, '2001:db8:7:7::1', 3)).toEqual(['ok', 'ok', 'ok']);
        expect(await burst(h, '2001:db8:7:7::2', 3)).toEqual(['ok', 'ok', 'rate_limited']);
        h.clock.advance(60_000);
        expect(await challengeFrom(h, '203.0.113.1')).toBe('ok');
      },
      { security: { rateLimits } },
    );
  });
}
