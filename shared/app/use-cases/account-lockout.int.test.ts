/**
 * Lockout timing on a FakeClock (NIST SP 800-63B): 5 consecutive failures lock the account for 30 s, each further
 * failure doubles the delay up to the cap, a success resets the count, an operator can unlock; locked attempts are
 * refused with 429 locked_out, recorded and alerted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTenantWithKeys } from '../../local/demo-tenant.js';
import { AppError } from '../app-error.js';
import { photo, securityHarness, type Harness } from '../security-harness.test-support.js';

let h: Harness;
let alice: string;
beforeEach(async () => {
  h = await securityHarness();
  alice = await h.enrolled('alice', 1);
});
afterEach(() => h.close());

const impostor = photo({ person: 2, live: true });
const genuine = photo({ person: 1, live: true });

function fail() {
  return h.app.verify(h.client, { username: 'alice', image: impostor });
}

/** The AppError a locked verify throws (fails the test when it does not throw). */
async function refused(image = genuine): Promise<AppError> {
  const error = await h.app.verify(h.client, { username: 'alice', image }).then(
    (result) => new Error(`expected a refusal, got ${JSON.stringify(result)}`),
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

describe('account lockout', () => {
  it('locks for 30 s after 5 failures, then 60 s after the 6th, and never refuses before the threshold', async () => {
    for (let i = 1; i <= 4; i++) expect((await fail()).reason).toBe('no_match');
    expect((await fail()).reason).toBe('no_match'); // the 5th failure is answered, then the lock starts
    const first = await refused();
    expect(first).toMatchObject({ status: 429, code: 'locked_out', extra: { retryAfterSeconds: 30 } });

    h.clock.advance(29_000);
    expect((await refused()).extra.retryAfterSeconds).toBe(1);
    h.clock.advance(1000);
    expect((await fail()).reason).toBe('no_match'); // 6th failure
    expect((await refused()).extra.retryAfterSeconds).toBe(60);
    h.clock.advance(60_000);
    await fail(); // 7th
    expect((await refused()).extra.retryAfterSeconds).toBe(120);
  });

  it('resets on success: the next run of failures starts from zero', async () => {
    for (let i = 0; i < 4; i++) await fail();
    expect((await h.app.verify(h.client, { username: 'alice', image: genuine })).decision).toBe('granted');
    expect(await h.repos.forTenant(h.client.tenantId).lockouts.get(alice)).toBeNull();
    for (let i = 0; i < 4; i++) await fail();
    expect((await h.app.verify(h.client, { username: 'alice', image: genuine })).decision).toBe('granted');
  });

  it('caps the delay so nobody is locked out for good', async () => {
    for (let i = 0; i < 5; i++) await fail();
    for (let i = 0; i < 10; i++) {
      h.clock.advance(3_600_000);
      await fail();
    }
    expect((await refused()).extra.retryAfterSeconds).toBe(3600);
    h.clock.advance(3_600_000);
    expect((await h.app.verify(h.client, { username: 'alice', image: genuine })).decision).toBe('granted');
  });

  it('lets an operator unlock; a client key may not', async () => {
    for (let i = 0; i < 5; i++) await fail();
    await refused();
    await expect(h.app.unlockUser(h.client, alice)).rejects.toMatchObject({ status: 403 });
    await expect(h.app.unlockUser(h.operator, 'usr_nobody')).rejects.toMatchObject({ status: 404 });
    expect(await h.app.unlockUser(h.operator, alice)).toEqual({ wasLocked: true });
    expect((await h.app.verify(h.client, { username: 'alice', image: genuine })).decision).toBe('granted');
    expect(await h.app.unlockUser(h.operator, alice)).toEqual({ wasLocked: false });
  });

  it('does not count capture problems (no face) as failures', async () => {
    for (let i = 0; i < 6; i++) {
      expect((await h.app.verify(h.client, { username: 'alice', image: photo({}) })).reason).toBe('no_face');
    }
    expect(await h.repos.forTenant(h.client.tenantId).lockouts.get(alice)).toBeNull();
  });

  it('records and alerts: repeated failures at 3, the lock at 5, and every attempt on the locked account', async () => {
    // A second between attempts, so the newest-first lists have one order.
    for (let i = 0; i < 5; i++) {
      await fail();
      h.clock.advance(1000);
    }
    await refused();
    await h.idle();
    const denied = (await h.app.listAttempts(h.operator, { outcome: 'denied' })).attempts;
    expect(denied.map((a) => a.reason)).toEqual(['locked_out', ...Array<string>(5).fill('no_match')]);
    const noMatch = denied
      .filter((a) => a.reason === 'no_match')
      .map((a) => a.id)
      .reverse();
    expect(h.alerts.map((a) => a.kind)).toEqual(['repeated_failures', 'account_locked', 'locked_account_attempt']);
    expect(h.alerts[0]).toMatchObject({ userId: alice, attemptIds: noMatch.slice(0, 3), severity: 'medium' });
    expect(h.alerts[1]).toMatchObject({ userId: alice, attemptIds: noMatch, severity: 'high', lockedForSeconds: 30 });
    expect(h.alerts[2]).toMatchObject({ userId: alice, attemptIds: [denied[0]?.id], lockedForSeconds: 29 });
    // The alerts subscription recorded all three for the console, newest first.
    const { alerts } = await h.app.listAlerts(h.operator, {});
    expect(alerts.map((a) => a.kind)).toEqual(['locked_account_attempt', 'account_locked', 'repeated_failures']);
    expect(alerts.every((a) => a.status === 'no_webhook')).toBe(true);
  });

  it('keeps lockouts per tenant: the same username elsewhere is untouched', async () => {
    for (let i = 0; i < 5; i++) await fail();
    await refused();
    const other = await h.app.authenticate(`Bearer ${(await createTenantWithKeys(h.repos, 'Other')).clientKey}`);
    const verdict = await h.app.verify(other, { username: 'alice', image: genuine });
    expect(verdict.reason).toBe('unknown_user');
  });
});
