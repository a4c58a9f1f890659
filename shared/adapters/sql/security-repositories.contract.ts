/**
 * Contract of the security repositories (lockouts, rate counters, alerts, tenant webhooks), registered by
 * sqlite.int.test.ts and mysql.int.test.ts next to the main repository contract. Each test works in fresh tenants.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateCipher } from '../../crypto/template-cipher.js';
import { newId } from '../../domain/ids.js';
import type { NewAlert, Repositories, TenantRepositories } from '../../ports/repositories.js';
import { InvalidInputError, MissingReferenceError } from '../../ports/repository-errors.js';
import type { SqlDatabase } from './create-database.js';
import { migrateToLatest } from './migrate.js';
import type { DatabaseFactory } from './repositories.contract.js';
import { createSqlRepositories } from './sql-repositories.js';

export function securityRepositoryContract(label: string, open: DatabaseFactory): void {
  describe(`security repository contract: ${label}`, () => {
    let database: SqlDatabase;
    let repos: Repositories;
    const now = 1_700_000_000_000;

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      const cipher = new TemplateCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } });
      repos = createSqlRepositories(database, { cipher, now: () => now });
    });
    afterAll(async () => {
      await database?.close();
    });

    async function newTenant(): Promise<TenantRepositories> {
      const tenant = await repos.tenants.create({ name: 'Security' });
      return repos.forTenant(tenant.id);
    }

    const alert = (overrides: Partial<NewAlert> = {}): NewAlert => ({
      id: newId('alert'),
      kind: 'repeated_failures',
      severity: 'medium',
      userId: null,
      attemptIds: ['att_1', 'att_2'],
      summary: '3 failed logins',
      event: { kind: 'repeated_failures', nested: { n: 1 } },
      createdAt: now,
      ...overrides,
    });

    describe('lockouts', () => {
      it('counts consecutive failures, locks without ever shortening a lock, and resets', async () => {
        const t = await newTenant();
        const user = await t.users.create({ username: 'ann' });
        expect(await t.lockouts.get(user.id)).toBeNull();
        expect(await t.lockouts.recordFailure(user.id)).toEqual({ failures: 1, lockedUntil: null });
        expect(await t.lockouts.recordFailure(user.id)).toEqual({ failures: 2, lockedUntil: null });
        await t.lockouts.lockUntil(user.id, now + 60_000);
        await t.lockouts.lockUntil(user.id, now + 30_000);
        expect(await t.lockouts.get(user.id)).toEqual({ failures: 2, lockedUntil: now + 60_000 });
        expect(await t.lockouts.reset(user.id)).toBe(true);
        expect(await t.lockouts.reset(user.id)).toBe(false);
        expect(await t.lockouts.get(user.id)).toBeNull();
      });

      it('counts every one of many concurrent failures', async () => {
        const t = await newTenant();
        const user = await t.users.create({ username: 'bea' });
        await Promise.all(Array.from({ length: 8 }, () => t.lockouts.recordFailure(user.id)));
        expect((await t.lockouts.get(user.id))?.failures).toBe(8);
      });

      it('reserves attempt slots atomically: of many at once, only those before the lock get one', async () => {
        const t = await newTenant();
        const user = await t.users.create({ username: 'dee' });
        const request = { client: '203.0.113.9', now, delayMs: (failures: number) => (failures >= 3 ? 30_000 : 0) };
        const results = await Promise.all(Array.from({ length: 8 }, () => t.lockouts.reserve(user.id, request)));
        const slots = results.filter((r) => 'failures' in r);
        expect(slots.map((r) => r.failures).sort()).toEqual([1, 2, 3]);
        expect(results.filter((r) => !('failures' in r))).toHaveLength(5);
        expect(await t.lockouts.get(user.id, '203.0.113.9')).toEqual({ failures: 3, lockedUntil: now + 30_000 });
        expect(await t.lockouts.get(user.id)).toBeNull(); // the account scope is another row
        expect(await t.lockouts.latestLock(user.id)).toBe(now + 30_000);
        // A page of users at once: the later of the account and client scopes, nobody for the never-locked.
        const calm = await t.users.create({ username: 'dee-calm' });
        await t.lockouts.lockUntil(user.id, now + 10_000);
        expect(Object.fromEntries(await t.lockouts.latestLocks([user.id, calm.id]))).toEqual({
          [user.id]: now + 30_000,
        });
        // Giving back the slot that set the lock undoes the lock.
        const third = slots.find((r) => r.failures === 3)!;
        await t.lockouts.release(user.id, third);
        expect(await t.lockouts.get(user.id, '203.0.113.9')).toEqual({ failures: 2, lockedUntil: null });
        expect(await t.lockouts.reset(user.id, '198.51.100.7')).toBe(false);
        expect(await t.lockouts.reset(user.id)).toBe(true);
        expect(await t.lockouts.get(user.id, '203.0.113.9')).toBeNull();
      });

      it('is per tenant, refuses an unknown user, and goes with its user', async () => {
        const a = await newTenant();
        const b = await newTenant();
        const user = await a.users.create({ username: 'cat' });
        await a.lockouts.recordFailure(user.id);
        expect(await b.lockouts.get(user.id)).toBeNull();
        expect(await b.lockouts.reset(user.id)).toBe(false);
        await expect(b.lockouts.recordFailure(user.id)).rejects.toBeInstanceOf(MissingReferenceError);
        await a.users.delete(user.id);
        expect(await a.lockouts.get(user.id)).toBeNull();
      });
    });

    describe('rate counters', () => {
      it('counts hits per key and window, restarting in a new window', async () => {
        const t = await newTenant();
        expect(await t.rateCounters.hit('ip:1.2.3.4', 60_000)).toBe(1);
        expect(await t.rateCounters.hit('ip:1.2.3.4', 60_000)).toBe(2);
        expect(await t.rateCounters.hit('key:k1', 60_000)).toBe(1);
        expect(await t.rateCounters.hit('ip:1.2.3.4', 120_000)).toBe(1);
        // A straggler of the finished window does not move the counter back.
        expect(await t.rateCounters.hit('ip:1.2.3.4', 60_000)).toBe(1);
        expect(await t.rateCounters.hit('ip:1.2.3.4', 120_000)).toBe(2);
        const other = await newTenant();
        expect(await other.rateCounters.hit('ip:1.2.3.4', 120_000)).toBe(1);
      });

      it('counts every one of many concurrent hits and prunes old windows', async () => {
        const t = await newTenant();
        const counts = await Promise.all(Array.from({ length: 10 }, () => t.rateCounters.hit('ip:9.9.9.9', 0)));
        expect(Math.max(...counts)).toBe(10);
        await t.rateCounters.hit('ip:fresh', 60_000);
        expect(await t.rateCounters.prune(60_000)).toBe(1);
        expect(await t.rateCounters.hit('ip:9.9.9.9', 0)).toBe(1);
      });
    });

    describe('alerts', () => {
      it('records an alert once per id and reads it back whole', async () => {
        const t = await newTenant();
        const input = alert({ userId: 'usr_x' });
        const first = await t.alerts.record(input);
        expect(first.created).toBe(true);
        expect(first.value).toMatchObject({
          id: input.id,
          tenantId: t.tenantId,
          kind: 'repeated_failures',
          severity: 'medium',
          userId: 'usr_x',
          attemptIds: ['att_1', 'att_2'],
          event: input.event,
          status: 'pending',
          deliveryAttempts: 0,
          lastError: null,
          triage: null,
          createdAt: now,
        });
        const again = await t.alerts.record({ ...input, summary: 'changed' });
        expect(again).toEqual({ value: first.value, created: false });
        expect(await t.alerts.get(input.id)).toEqual(first.value);
        expect(await (await newTenant()).alerts.get(input.id)).toBeNull();
      });

      it('updates delivery and triage, and lists due retries oldest first', async () => {
        const t = await newTenant();
        const a = await t.alerts.record(alert());
        const b = await t.alerts.record(alert());
        await t.alerts.updateDelivery(a.value.id, {
          status: 'undelivered',
          deliveryAttempts: 3,
          lastError: 'HTTP 500',
          nextAttemptAt: now + 2000,
          deliveredAt: null,
        });
        await t.alerts.updateDelivery(b.value.id, {
          status: 'undelivered',
          deliveryAttempts: 3,
          lastError: 'x'.repeat(2000),
          nextAttemptAt: now + 1000,
          deliveredAt: null,
        });
        expect(await t.alerts.listDue(now, 10)).toEqual([]);
        expect((await t.alerts.listDue(now + 5000, 10)).map((x) => x.id)).toEqual([b.value.id, a.value.id]);
        expect((await t.alerts.get(b.value.id))?.lastError).toHaveLength(500);
        expect(await t.alerts.setTriage(a.value.id, { summary: 'looks scripted', severity: 'high', model: 'g' })).toBe(
          true,
        );
        expect((await t.alerts.get(a.value.id))?.triage).toEqual({
          summary: 'looks scripted',
          severity: 'high',
          model: 'g',
        });
        await expect(
          t.alerts.updateDelivery(a.value.id, {
            status: 'lost' as 'pending',
            deliveryAttempts: 1,
            lastError: null,
            nextAttemptAt: null,
            deliveredAt: null,
          }),
        ).rejects.toBeInstanceOf(InvalidInputError);
        expect(await (await newTenant()).alerts.updateDelivery(a.value.id, { ...a.value, status: 'delivered' })).toBe(
          false,
        );
      });

      it('lists newest first with filters and cursor pages', async () => {
        const t = await newTenant();
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) {
          const kind = i % 2 === 0 ? 'spoof_suspected' : 'repeated_failures';
          ids.push((await t.alerts.record(alert({ kind, createdAt: now + i * 1000, userId: `usr_${i}` }))).value.id);
        }
        const first = await t.alerts.list({ limit: 2 });
        expect(first.items.map((x) => x.id)).toEqual([ids[4], ids[3]]);
        const second = await t.alerts.list({ limit: 2, ...(first.nextCursor ? { cursor: first.nextCursor } : {}) });
        expect(second.items.map((x) => x.id)).toEqual([ids[2], ids[1]]);
        expect(second.nextCursor).toBeDefined();
        const last = await t.alerts.list({ limit: 2, ...(second.nextCursor ? { cursor: second.nextCursor } : {}) });
        expect(last).toEqual({ items: [expect.objectContaining({ id: ids[0] })] });
        expect((await t.alerts.list({ kind: 'spoof_suspected' })).items).toHaveLength(3);
        expect((await t.alerts.list({ userId: 'usr_3' })).items.map((x) => x.id)).toEqual([ids[3]]);
        expect((await t.alerts.list({ since: now + 1000, until: now + 3000 })).items).toHaveLength(2);
        expect((await t.alerts.list({ status: 'delivered' })).items).toEqual([]);
        expect((await (await newTenant()).alerts.list()).items).toEqual([]);
      });

      it('takes the user out of alerts when the user is deleted, keeping the alerts', async () => {
        const t = await newTenant();
        const user = await t.users.create({ username: 'dan' });
        const other = await t.users.create({ username: 'eve' });
        const own = await t.alerts.record(alert({ userId: user.id, event: { kind: 'x', userId: user.id } }));
        const related = await t.alerts.record(
          alert({ userId: other.id, event: { kind: 'duplicate_identity', userId: other.id, relatedUserId: user.id } }),
        );
        await t.users.delete(user.id);
        expect(await t.alerts.get(own.value.id)).toMatchObject({ userId: null, event: { kind: 'x' } });
        expect(await t.alerts.get(related.value.id)).toMatchObject({
          userId: other.id,
          event: { kind: 'duplicate_identity', userId: other.id },
        });
        expect(JSON.stringify(await t.alerts.list())).not.toContain(user.id);
      });
    });

    describe('tenant webhooks', () => {
      it('sets, reads and removes a webhook; an unknown tenant has none', async () => {
        const t = await newTenant();
        expect(await repos.tenants.webhook(t.tenantId)).toBeNull();
        const hook = { url: 'https://hooks.example.com/facegate', secret: 's'.repeat(40) };
        expect(await repos.tenants.setWebhook(t.tenantId, hook)).toBe(true);
        expect(await repos.tenants.webhook(t.tenantId)).toEqual(hook);
        expect(await repos.tenants.setWebhook(t.tenantId, null)).toBe(true);
        expect(await repos.tenants.webhook(t.tenantId)).toBeNull();
        expect(await repos.tenants.setWebhook('ten_missing', hook)).toBe(false);
        await expect(
          repos.tenants.setWebhook(t.tenantId, { url: `https://x/${'a'.repeat(3000)}`, secret: 's' }),
        ).rejects.toBeInstanceOf(InvalidInputError);
      });
    });

    describe('attempts', () => {
      it('keep the liveness score when there is one', async () => {
        const t = await newTenant();
        const base = {
          kind: 'verify' as const,
          outcome: 'denied' as const,
          score: null,
          threshold: 0.4,
          reason: 'spoof_suspected',
          latencyMs: 5,
          stageLatencies: null,
          modelVersion: 'm1',
          clientIp: null,
          userAgent: null,
          userId: null,
          claimedUsername: 'x',
        };
        expect((await t.attempts.add({ ...base, livenessScore: 0.12 })).livenessScore).toBe(0.12);
        expect((await t.attempts.add(base)).livenessScore).toBeNull();
        const { items } = await t.attempts.list();
        expect(items.map((a) => a.livenessScore).sort()).toEqual([0.12, null]);
      });
    });
  });
}
