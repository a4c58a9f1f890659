/**
 * The contract of migration 0004's repositories (tenant settings, device keys, login challenges), registered by
 * sqlite.int.test.ts and mysql.int.test.ts next to the main repository contract. Each test works in a fresh tenant.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateCipher } from '../../crypto/template-cipher.js';
import type { DevicePublicJwk } from '../../domain/device-key.js';
import { DEFAULT_TENANT_SETTINGS } from '../../domain/tenant.js';
import type { Repositories } from '../../ports/repositories.js';
import { MissingReferenceError } from '../../ports/repository-errors.js';
import type { SqlDatabase } from './create-database.js';
import { migrateToLatest } from './migrate.js';
import type { DatabaseFactory } from './repositories.contract.js';
import { createSqlRepositories } from './sql-repositories.js';

const coordinate = () => randomBytes(32).toString('base64url');
const jwk = (): DevicePublicJwk => ({ kty: 'EC', crv: 'P-256', x: coordinate(), y: coordinate() });

export function possessionRepositoryContract(label: string, open: DatabaseFactory): void {
  describe(`possession repository contract: ${label}`, () => {
    let database: SqlDatabase;
    let repos: Repositories;
    let now = 1_700_000_000_000;

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      repos = createSqlRepositories(database, {
        cipher: new TemplateCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } }),
        now: () => now,
      });
    });

    afterAll(async () => {
      await database?.close();
    });

    describe('tenant settings', () => {
      it('start at the defaults, change one at a time and read back the same', async () => {
        const tenant = await repos.tenants.create({ name: 'Settings' });
        expect(tenant.settings).toEqual(DEFAULT_TENANT_SETTINGS);
        expect(await repos.tenants.get(tenant.id)).toEqual(tenant);

        const possession = await repos.tenants.updateSettings(tenant.id, { requirePossession: true });
        const off = { requireBurst: false, lightChallenge: false };
        expect(possession?.settings).toEqual({ requirePossession: true, activeChallenge: false, ...off });
        const both = await repos.tenants.updateSettings(tenant.id, { activeChallenge: true });
        expect(both?.settings).toEqual({ requirePossession: true, activeChallenge: true, ...off });
        expect((await repos.tenants.get(tenant.id))?.settings).toEqual({
          requirePossession: true,
          activeChallenge: true,
          ...off,
        });
        // Migration 0010's switches, each on its own.
        expect((await repos.tenants.updateSettings(tenant.id, { requireBurst: true }))?.settings).toMatchObject({
          requireBurst: true,
          lightChallenge: false,
        });
        expect((await repos.tenants.updateSettings(tenant.id, { lightChallenge: true }))?.settings).toMatchObject({
          requireBurst: true,
          lightChallenge: true,
        });
        await repos.tenants.updateSettings(tenant.id, off);
        expect((await repos.tenants.updateSettings(tenant.id, {}))?.settings).toEqual(both?.settings);
        expect(await repos.tenants.updateSettings('ten_missing', { requirePossession: true })).toBeNull();
      });

      it('are given at creation and stay with their own tenant', async () => {
        const strict = await repos.tenants.create({ name: 'Strict', settings: { requirePossession: true } });
        const plain = await repos.tenants.create({ name: 'Plain' });
        expect(strict.settings.requirePossession).toBe(true);
        expect((await repos.tenants.get(plain.id))?.settings).toEqual(DEFAULT_TENANT_SETTINGS);
      });
    });

    describe('device keys', () => {
      it('keeps one key per user: a second put replaces the first', async () => {
        const tenant = await repos.tenants.create({ name: 'Keys' });
        const t = repos.forTenant(tenant.id);
        const user = await t.users.create({ username: 'dana' });
        expect(await t.deviceKeys.byUser(user.id)).toBeNull();

        const first = jwk();
        const stored = await t.deviceKeys.put(user.id, first);
        expect(stored).toMatchObject({ tenantId: tenant.id, userId: user.id, publicJwk: first });
        expect(await t.deviceKeys.byUser(user.id)).toEqual(stored);

        const second = jwk();
        await t.deviceKeys.put(user.id, second);
        expect((await t.deviceKeys.byUser(user.id))?.publicJwk).toEqual(second);
        const { n } = await database.db
          .selectFrom('device_keys')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('tenant_id', '=', tenant.id)
          .executeTakeFirstOrThrow();
        expect(Number(n)).toBe(1);
      });

      it('stores only the public members, refuses an unknown user, and hides keys from other tenants', async () => {
        const a = repos.forTenant((await repos.tenants.create({ name: 'A' })).id);
        const b = repos.forTenant((await repos.tenants.create({ name: 'B' })).id);
        const user = await a.users.create({ username: 'erin' });
        const key = { ...jwk(), d: coordinate(), ext: true } as DevicePublicJwk;
        const stored = await a.deviceKeys.put(user.id, key);
        expect(Object.keys(stored.publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
        const reread = await a.deviceKeys.byUser(user.id);
        expect(Object.keys(reread?.publicJwk ?? {}).sort()).toEqual(['crv', 'kty', 'x', 'y']);

        await expect(b.deviceKeys.put(user.id, jwk())).rejects.toBeInstanceOf(MissingReferenceError);
        expect(await b.deviceKeys.byUser(user.id)).toBeNull();
      });

      it('go with their user', async () => {
        const t = repos.forTenant((await repos.tenants.create({ name: 'Erase' })).id);
        const user = await t.users.create({ username: 'fay' });
        await t.deviceKeys.put(user.id, jwk());
        expect(await t.users.delete(user.id)).toBe(true);
        expect(await t.deviceKeys.byUser(user.id)).toBeNull();
      });
    });

    describe('login challenges', () => {
      it('are consumed once: a second consume, or another tenant, gets nothing', async () => {
        const a = repos.forTenant((await repos.tenants.create({ name: 'A' })).id);
        const b = repos.forTenant((await repos.tenants.create({ name: 'B' })).id);
        const nonce = coordinate();
        const created = await a.loginChallenges.create({ nonce, prompt: 'turn_left', expiresAt: now + 60_000 });
        expect(created).toMatchObject({ tenantId: a.tenantId, nonce, prompt: 'turn_left', consumedAt: null });

        expect(await b.loginChallenges.consume(created.id, now)).toBeNull();
        const consumed = await a.loginChallenges.consume(created.id, now + 5);
        expect(consumed).toEqual({ ...created, consumedAt: now + 5 });
        expect(await a.loginChallenges.consume(created.id, now + 6)).toBeNull();
        expect(await a.loginChallenges.consume('chl_missing', now)).toBeNull();
      });

      it('let exactly one of several concurrent consumers win', async () => {
        const t = repos.forTenant((await repos.tenants.create({ name: 'Race' })).id);
        const challenge = await t.loginChallenges.create({ nonce: coordinate(), expiresAt: now + 60_000 });
        const results = await Promise.all(
          Array.from({ length: 6 }, () => t.loginChallenges.consume(challenge.id, now)),
        );
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect(challenge.prompt).toBeNull();
      });

      it('delete the expired ones of their own tenant only', async () => {
        const a = repos.forTenant((await repos.tenants.create({ name: 'A' })).id);
        const b = repos.forTenant((await repos.tenants.create({ name: 'B' })).id);
        const old = await a.loginChallenges.create({ nonce: coordinate(), expiresAt: now - 1 });
        const fresh = await a.loginChallenges.create({ nonce: coordinate(), expiresAt: now + 60_000 });
        const otherOld = await b.loginChallenges.create({ nonce: coordinate(), expiresAt: now - 1 });
        expect(await a.loginChallenges.deleteExpired(now)).toBe(1);
        expect(await a.loginChallenges.consume(old.id, now)).toBeNull();
        expect(await a.loginChallenges.consume(fresh.id, now)).not.toBeNull();
        expect(await b.loginChallenges.consume(otherOld.id, now)).not.toBeNull();
        now += 1;
      });
    });
  });
}
