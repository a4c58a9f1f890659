/**
 * Migration 0014 and the passkey repository on SQLite and MariaDB: credentials per user, unique per tenant, the
 * signature counter moved only from the value read (compare-and-set), rows gone with their user, and a revocation
 * (of a passkey or a device key) that reaches only the named user's row in its own tenant.
 */
import { randomBytes } from 'node:crypto';
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { eachTestDatabase } from '../../../tests/support/test-databases.js';
import { TemplateCipher } from '../../crypto/template-cipher.js';
import type { NewPasskey } from '../../domain/passkey.js';
import { ConflictError, InvalidInputError, MissingReferenceError } from '../../ports/repository-errors.js';
import type { Repositories } from '../../ports/repositories.js';
import { createDatabase } from './create-database.js';
import { migrateToLatest } from './migrate.js';
import { migrationProvider } from './migrations/migration-provider.js';
import { createSqlRepositories } from './sql-repositories.js';

const databases = eachTestDatabase('fg-passkeys-');

const credential = (overrides: Partial<NewPasskey> = {}): NewPasskey => ({
  credentialId: randomBytes(16).toString('base64url'),
  publicKey: randomBytes(77).toString('base64url'),
  counter: 0,
  transports: ['internal'],
  ...overrides,
});

/** The repositories over a database migrated 0013 → latest, on a clock the test moves (`now.ms`). */
async function withRepos(url: string, work: (repos: Repositories, now: { ms: number }) => Promise<void>) {
  const database = await createDatabase({ url });
  try {
    // 0014 on top of a database at 0013, as an existing deployment meets it.
    const migrator = new Migrator({
      db: database.db,
      provider: migrationProvider(database.dialect),
      allowUnorderedMigrations: true,
    });
    expect((await migrator.migrateTo('0013-api-key-origins')).error).toBeUndefined();
    const applied = await migrateToLatest(database);
    expect(applied).toContain('0014-passkeys');
    const now = { ms: 1_700_000_000_000 };
    const cipher = new TemplateCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } });
    await work(createSqlRepositories(database, { cipher, now: () => now.ms }), now);
  } finally {
    await database.close();
  }
}

describe.each(databases)('passkeys (migration 0014) on %s', (_name, withDatabase) => {
  it('keeps several credentials per user, unique within a tenant, hidden from other tenants', async () => {
    await withDatabase((url) =>
      withRepos(url, async (repos, now) => {
        const a = repos.forTenant((await repos.tenants.create({ name: 'A' })).id);
        const b = repos.forTenant((await repos.tenants.create({ name: 'B' })).id);
        const ada = await a.users.create({ username: 'ada' });
        expect(await a.passkeys.listByUser(ada.id)).toEqual([]);

        const first = credential({ transports: ['internal', 'hybrid'], counter: 3 });
        const stored = await a.passkeys.add(ada.id, first);
        expect(stored).toMatchObject({ ...first, tenantId: a.tenantId, userId: ada.id, lastUsedAt: null });
        now.ms += 1000;
        const second = await a.passkeys.add(ada.id, credential());
        expect((await a.passkeys.listByUser(ada.id)).map((p) => p.id)).toEqual([stored.id, second.id]);
        expect(await a.passkeys.byCredentialId(first.credentialId)).toEqual(stored);

        await expect(
          a.passkeys.add(ada.id, { ...credential(), credentialId: first.credentialId }),
        ).rejects.toBeInstanceOf(ConflictError);
        await expect(a.passkeys.add(ada.id, credential({ credentialId: 'x'.repeat(513) }))).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        expect(await b.passkeys.byCredentialId(first.credentialId)).toBeNull();
        expect(await b.passkeys.listByUser(ada.id)).toEqual([]);
        await expect(b.passkeys.add(ada.id, credential())).rejects.toBeInstanceOf(MissingReferenceError);
        // Another tenant may hold the same credential id (ids are only unique per relying party).
        const bob = await b.users.create({ username: 'bob' });
        await expect(
          b.passkeys.add(bob.id, { ...credential(), credentialId: first.credentialId }),
        ).resolves.toBeTruthy();
      }),
    );
  });

  it('moves the counter only from the value read, records the use, and goes with the user', async () => {
    await withDatabase((url) =>
      withRepos(url, async (repos, now) => {
        const t = repos.forTenant((await repos.tenants.create({ name: 'T' })).id);
        const user = await t.users.create({ username: 'cy' });
        const key = await t.passkeys.add(user.id, credential({ counter: 5 }));

        expect(await t.passkeys.recordUse(key.id, 5, 6, now.ms + 10)).toBe(true);
        // A second login that read the counter at 5 lost the race.
        expect(await t.passkeys.recordUse(key.id, 5, 6, now.ms + 20)).toBe(false);
        expect(await t.passkeys.byCredentialId(key.credentialId)).toMatchObject({
          counter: 6,
          lastUsedAt: now.ms + 10,
        });

        expect(await t.users.delete(user.id)).toBe(true);
        expect(await t.passkeys.byCredentialId(key.credentialId)).toBeNull();
      }),
    );
  });

  it('deletes a passkey or device key only of the named user in its own tenant', async () => {
    await withDatabase((url) =>
      withRepos(url, async (repos) => {
        const a = repos.forTenant((await repos.tenants.create({ name: 'A' })).id);
        const b = repos.forTenant((await repos.tenants.create({ name: 'B' })).id);
        const ada = await a.users.create({ username: 'ada' });
        const bob = await a.users.create({ username: 'bob' });
        const passkey = await a.passkeys.add(ada.id, credential());
        const kept = await a.passkeys.add(ada.id, credential());
        const deviceKey = await a.deviceKeys.put(ada.id, { kty: 'EC', crv: 'P-256', x: 'eA', y: 'eQ' });

        expect(await b.passkeys.delete(ada.id, passkey.id)).toBe(false);
        expect(await a.passkeys.delete(bob.id, passkey.id)).toBe(false);
        expect(await b.deviceKeys.delete(ada.id, deviceKey.id)).toBe(false);
        expect(await a.deviceKeys.delete(bob.id, deviceKey.id)).toBe(false);
        expect((await a.passkeys.listByUser(ada.id)).map((p) => p.id).sort()).toEqual([passkey.id, kept.id].sort());

        expect(await a.passkeys.delete(ada.id, passkey.id)).toBe(true);
        expect(await a.passkeys.delete(ada.id, passkey.id)).toBe(false);
        expect(await a.passkeys.byCredentialId(passkey.credentialId)).toBeNull();
        expect((await a.passkeys.listByUser(ada.id)).map((p) => p.id)).toEqual([kept.id]);
        expect(await a.deviceKeys.delete(ada.id, deviceKey.id)).toBe(true);
        expect(await a.deviceKeys.byUser(ada.id)).toBeNull();
      }),
    );
  });
});
