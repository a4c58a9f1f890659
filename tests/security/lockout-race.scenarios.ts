/**
 * Finding 7 of issue 12, replayed as an attack: parallel wrong verifies must not get more face comparisons than
 * the lockout allows, and one attacker's failures lock the account for that attacker's address only, until a
 * global per-account cap locks it for everyone. Registered for SQLite and MariaDB.
 */
import { expect, it } from 'vitest';
import { DEFAULT_LOCKOUT_POLICY } from '../../shared/domain/lockout-policy.js';
import { fakeEngine, photo, type Harness } from '../../shared/app/security-harness.test-support.js';
import { withHarness, type WithDatabase } from './security-test-kit.js';

const genuine = photo({ person: 1, live: true });
const impostor = photo({ person: 2, live: true });

/** Counts the face comparisons the engine makes. */
function countComparisons(h: Harness): { count: number } {
  const counter = { count: 0 };
  const engine = {
    ...fakeEngine,
    similarity: (a: Float32Array, b: Float32Array) => {
      counter.count++;
      return fakeEngine.similarity(a, b);
    },
  };
  h.deps.engines = { ...h.deps.engines, get: () => Promise.resolve(engine) };
  return counter;
}

function verifyFrom(h: Harness, ip: string, image: Uint8Array) {
  return h.app.verify(h.client, { username: 'alice', image, client: { ip } });
}

async function outcome(promise: Promise<{ decision: string; reason?: string }>): Promise<string> {
  return promise.then(
    (r) => r.reason ?? r.decision,
    (e: unknown) => (e as { code?: string }).code ?? String(e),
  );
}

export function lockoutRaceScenarios(withDatabase: WithDatabase): void {
  it('compares at most the lockout threshold of faces when 15 wrong verifies arrive at once', async () => {
    await withHarness(withDatabase, async (h) => {
      await h.enrolled('alice', 1);
      const comparisons = countComparisons(h);
      const results = await Promise.all(
        Array.from({ length: 15 }, () => outcome(verifyFrom(h, '203.0.113.9', impostor))),
      );
      expect(comparisons.count).toBe(DEFAULT_LOCKOUT_POLICY.threshold);
      expect(results.filter((r) => r === 'no_match')).toHaveLength(5);
      expect(results.filter((r) => r === 'locked_out')).toHaveLength(10);
      // Refused attempts are not failures: the delay is that of the 5th failure, not the 15th.
      expect(await outcome(verifyFrom(h, '203.0.113.9', genuine))).toBe('locked_out');
      h.clock.advance(DEFAULT_LOCKOUT_POLICY.baseDelayMs);
      expect(await outcome(verifyFrom(h, '203.0.113.9', genuine))).toBe('granted');
    });
  });

  it('locks the attacker’s address out of the account, not the owner on another address', async () => {
    await withHarness(withDatabase, async (h) => {
      await h.enrolled('alice', 1);
      for (let i = 0; i < 5; i++) expect(await outcome(verifyFrom(h, '203.0.113.9', impostor))).toBe('no_match');
      expect(await outcome(verifyFrom(h, '203.0.113.9', genuine))).toBe('locked_out');
      // The same /64 is the same client for IPv6 (an attacker rotates addresses inside it for free).
      for (let i = 0; i < 5; i++) await outcome(verifyFrom(h, `2001:db8:1:2::${i + 1}`, impostor));
      expect(await outcome(verifyFrom(h, '2001:db8:1:2:ffff::9', genuine))).toBe('locked_out');
      expect(await outcome(verifyFrom(h, '198.51.100.7', genuine))).toBe('granted');
    });
  });

  it('locks the account for every address once the global cap of failures is reached', async () => {
    const lockout = { ...DEFAULT_LOCKOUT_POLICY, accountCap: 8 };
    await withHarness(
      withDatabase,
      async (h) => {
        await h.enrolled('alice', 1);
        for (let ip = 1; ip <= 4; ip++) {
          for (let i = 0; i < 2; i++) expect(await outcome(verifyFrom(h, `192.0.2.${ip}`, impostor))).toBe('no_match');
        }
        expect(await outcome(verifyFrom(h, '198.51.100.7', genuine))).toBe('locked_out');
        await h.idle();
        const alerts = h.alerts.filter((a) => a.kind === 'account_locked');
        expect(alerts.at(-1)?.summary).toMatch(/every address/);
        expect(
          await h.app.unlockUser(
            h.operator,
            (await h.repos.forTenant(h.client.tenantId).users.byUsername('alice'))!.id,
          ),
        ).toEqual({
          wasLocked: true,
        });
        expect(await outcome(verifyFrom(h, '198.51.100.7', genuine))).toBe('granted');
      },
      { security: { lockout } },
    );
  });
}
