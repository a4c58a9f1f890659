/**
 * Finding 1 of issue 12, replayed as an attack: with only the tenant's client key, a second enrollment of a
 * username that someone else is enrolling (or has enrolled) must not be possible. Registered for SQLite and
 * MariaDB by the *.int.test.ts files beside it.
 */
import { expect, it } from 'vitest';
import { photo } from '../../shared/app/security-harness.test-support.js';
import { appErrorOf, newDeviceJwk, uploadAndEmbed, withHarness, type WithDatabase } from './security-test-kit.js';

const victimFace = photo({ person: 1, live: true });
const attackerFace = photo({ person: 2, live: true });

export function enrollmentHijackScenarios(withDatabase: WithDatabase): void {
  it('refuses a second enrollment of a username whose first enrollment is still waiting for its upload', async () => {
    await withHarness(withDatabase, async (h) => {
      const victim = await h.app.startEnrollment(h.client, { username: 'carol' });
      const attack = await appErrorOf(h.app.startEnrollment(h.client, { username: 'carol' }));
      expect(attack).toMatchObject({ status: 409, code: 'enrollment_in_progress' });

      expect(await uploadAndEmbed(h, victim, victimFace)).toBe('active');
      const t = h.repos.forTenant(h.client.tenantId);
      expect(await t.templates.countByUser(victim.userId)).toBe(1);
      expect(await t.enrollments.listByUser(victim.userId)).toHaveLength(1);
      // The attacker's face is no key to carol's account.
      expect((await h.app.verify(h.client, { username: 'carol', image: attackerFace })).decision).toBe('denied');
      expect((await h.app.verify(h.client, { username: 'carol', image: victimFace })).decision).toBe('granted');
    });
  });

  it('never lets a client-key enrollment replace the device key of a tenant that requires possession', async () => {
    await withHarness(withDatabase, async (h) => {
      await h.app.updateSettings(h.operator, { requirePossession: true });
      const victimKey = await newDeviceJwk();
      const victim = await h.app.startEnrollment(h.client, { username: 'carol', deviceKey: victimKey });
      const attack = h.app.startEnrollment(h.client, { username: 'carol', deviceKey: await newDeviceJwk() });
      expect(await appErrorOf(attack)).toMatchObject({ status: 409, code: 'enrollment_in_progress' });
      expect(await uploadAndEmbed(h, victim, victimFace)).toBe('active');
      const again = h.app.startEnrollment(h.client, { username: 'carol', deviceKey: await newDeviceJwk() });
      expect(await appErrorOf(again)).toMatchObject({ status: 409, code: 'username_taken' });
      const stored = await h.repos.forTenant(h.client.tenantId).deviceKeys.byUser(victim.userId);
      expect(stored?.publicJwk).toMatchObject({ x: (victimKey as { x: string }).x });
    });
  });

  it('re-enrolls an active account only with a proof of ownership: a token for that user, or an operator', async () => {
    await withHarness(withDatabase, async (h) => {
      const carol = await h.app.startEnrollment(h.client, { username: 'carol' });
      expect(await uploadAndEmbed(h, carol, victimFace)).toBe('active');
      await h.enrolled('mallory', 2);
      const malloryToken = (await h.app.verify(h.client, { username: 'mallory', image: attackerFace })).token!;

      const bare = await appErrorOf(h.app.startEnrollment(h.client, { username: 'carol' }));
      expect(bare).toMatchObject({ status: 409, code: 'username_taken' });
      const wrongUser = h.app.startEnrollment(h.client, { username: 'carol', ownerToken: malloryToken });
      expect(await appErrorOf(wrongUser)).toMatchObject({ status: 403, code: 'ownership_proof_invalid' });
      const forged = h.app.startEnrollment(h.client, { username: 'carol', ownerToken: `${malloryToken}x` });
      expect(await appErrorOf(forged)).toMatchObject({ status: 403, code: 'ownership_proof_invalid' });

      const carolToken = (await h.app.verify(h.client, { username: 'carol', image: victimFace })).token!;
      const renewed = await h.app.startEnrollment(h.client, { username: 'carol', ownerToken: carolToken });
      expect(renewed.userId).toBe(carol.userId);
      // One live enrollment at a time, even for the owner.
      const twice = h.app.startEnrollment(h.client, { username: 'carol', ownerToken: carolToken });
      expect(await appErrorOf(twice)).toMatchObject({ status: 409, code: 'enrollment_in_progress' });
      expect(await uploadAndEmbed(h, renewed, photo({ person: 1, live: true }))).toBe('active');

      // An operator re-enrolls without a token (a person who lost access), and may move the device key.
      const deviceKey = await newDeviceJwk();
      const byOperator = await h.app.startEnrollment(h.operator, { username: 'carol', deviceKey });
      expect(byOperator.userId).toBe(carol.userId);
      const audit = await h.repos.forTenant(h.client.tenantId).auditEvents.list();
      expect(audit.items.find((e) => e.subjectId === byOperator.enrollmentId)).toMatchObject({
        action: 'enrollment.started',
        actor: h.operator.apiKeyId,
        details: { reenrollment: true, proof: 'operator' },
      });
    });
  });

  it('lets the owner re-enroll with a token but keeps the registered device key against a client key', async () => {
    await withHarness(withDatabase, async (h) => {
      const first = await newDeviceJwk();
      const carol = await h.app.startEnrollment(h.client, { username: 'carol', deviceKey: first });
      expect(await uploadAndEmbed(h, carol, victimFace)).toBe('active');
      const token = (await h.app.verify(h.client, { username: 'carol', image: victimFace })).token!;
      const swap = h.app.startEnrollment(h.client, {
        username: 'carol',
        ownerToken: token,
        deviceKey: await newDeviceJwk(),
      });
      expect(await appErrorOf(swap)).toMatchObject({ status: 409, code: 'device_key_registered' });
      const stored = await h.repos.forTenant(h.client.tenantId).deviceKeys.byUser(carol.userId);
      expect(stored?.publicJwk).toMatchObject({ x: (first as { x: string }).x });
    });
  });

  it('lets exactly one of many concurrent enrollments of a new username win', async () => {
    await withHarness(withDatabase, async (h) => {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => h.app.startEnrollment(h.client, { username: 'dave' })),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.flatMap((r): unknown[] => (r.status === 'rejected' ? [r.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(7);
      for (const error of lost) expect(error).toMatchObject({ status: 409, code: 'enrollment_in_progress' });
      const user = await h.repos.forTenant(h.client.tenantId).users.byUsername('dave');
      expect(await h.repos.forTenant(h.client.tenantId).enrollments.listByUser(user!.id)).toHaveLength(1);
    });
  });

  it('lets exactly one of many concurrent restarts of an abandoned enrollment win, and closes the old one', async () => {
    await withHarness(withDatabase, async (h) => {
      const abandoned = await h.app.startEnrollment(h.client, { username: 'erin' });
      h.clock.advance(h.deps.upload.urlTtlSeconds * 1000 + 1000);
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => h.app.startEnrollment(h.client, { username: 'erin' })),
      );
      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(won).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409, code: 'enrollment_in_progress' });
      }
      const t = h.repos.forTenant(h.client.tenantId);
      const live = (await t.enrollments.listByUser(abandoned.userId)).filter((e) => e.status === 'pending');
      expect(live.map((e) => e.id)).toEqual([won[0]!.enrollmentId]);
      expect(await t.enrollments.get(abandoned.enrollmentId)).toMatchObject({
        status: 'rejected',
        reason: 'superseded',
      });
      // A photo that still reaches the abandoned enrollment's folder is not embedded.
      await h.app.onObjectFinalized({
        name: `tenants/${h.client.tenantId}/users/${abandoned.userId}/enroll/${(await t.enrollments.get(abandoned.enrollmentId))!.captureId}.jpg`,
        generation: '1',
        contentType: 'image/jpeg',
        size: attackerFace.length,
      });
      expect(await t.templates.countByUser(abandoned.userId)).toBe(0);
    });
  });
}
