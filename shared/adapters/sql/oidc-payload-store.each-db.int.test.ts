/**
 * The OpenID Provider's storage (oidc_payloads, migration 0012) through oidc-provider's Adapter interface, on SQLite
 * and on the local MariaDB: upsert and find, expiry, one-time consumption, lookups by uid and user code, revocation
 * by grant, tenant isolation and the tenant's deletion.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachTestDatabase } from '../../../tests/support/test-databases.js';
import { TemplateCipher } from '../../crypto/template-cipher.js';
import { sqlBackedAdapter } from '../../oidc/sql-backed-adapter.js';
import type { Repositories } from '../../ports/repositories.js';
import { InvalidInputError } from '../../ports/repository-errors.js';
import { createDatabase, type SqlDatabase } from './create-database.js';
import { migrateToLatest } from './migrate.js';
import { SqlOidcPayloadStore } from './oidc-payload-store.js';
import { createSqlRepositories } from './sql-repositories.js';

const databases = eachTestDatabase('fg-oidc-');

describe.each(databases)('oidc payload store on %s', (_name, withDatabase) => {
  let database: SqlDatabase;
  let repos: Repositories;
  let store: SqlOidcPayloadStore;
  let now = 1_750_000_000_000;
  let tenantA: string;
  let tenantB: string;
  let release: () => void;
  let done: Promise<void>;
  const key1 = randomBytes(32);
  let cipher: TemplateCipher;

  beforeAll(async () => {
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    done = withDatabase(async (url) => {
      database = await createDatabase({ url });
      await migrateToLatest(database);
      cipher = new TemplateCipher({ activeKeyId: 'k1', keys: { k1: key1 } });
      repos = createSqlRepositories(database, { cipher, now: () => now });
      store = new SqlOidcPayloadStore(database, () => now);
      tenantA = (await repos.tenants.create({ name: 'A' })).id;
      tenantB = (await repos.tenants.create({ name: 'B' })).id;
      ready();
      await new Promise<void>((r) => (release = r));
      await database.close();
    });
    await Promise.race([started, done]);
  });

  afterAll(async () => {
    release?.();
    await done;
  });

  const adapter = (tenantId: string, model: string) =>
    new (sqlBackedAdapter(store.forTenant(tenantId), () => now))(model);

  it('stores a document and finds it until it expires', async () => {
    const sessions = adapter(tenantA, 'Session');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'user-1', exp: 1 }, 60);
    expect(await sessions.find('s1')).toEqual({ uid: 'u1', accountId: 'user-1', exp: 1 });
    expect(await sessions.findByUid('u1')).toMatchObject({ accountId: 'user-1' });
    await sessions.upsert('s1', { uid: 'u1', accountId: 'user-2' }, 60);
    expect(await sessions.find('s1')).toEqual({ uid: 'u1', accountId: 'user-2' });
    now += 61_000;
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await sessions.findByUid('u1')).toBeUndefined();
  });

  it('marks a code consumed once, and a second find says so', async () => {
    const codes = adapter(tenantA, 'AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1', accountId: 'user-1' }, 60);
    expect(await codes.find('c1')).not.toHaveProperty('consumed');
    await codes.consume('c1');
    const first = (await codes.find('c1')) as { consumed?: number };
    expect(first.consumed).toBe(Math.floor(now / 1000));
    now += 5_000;
    await codes.consume('c1');
    expect(((await codes.find('c1')) as { consumed?: number }).consumed).toBe(first.consumed);
  });

  it('revokes everything issued under a grant, and only that', async () => {
    const codes = adapter(tenantA, 'AuthorizationCode');
    const tokens = adapter(tenantA, 'AccessToken');
    await codes.upsert('c2', { grantId: 'g2' }, 60);
    await tokens.upsert('t2', { grantId: 'g2' }, 60);
    await tokens.upsert('t3', { grantId: 'g3' }, 60);
    await tokens.revokeByGrantId('g2');
    expect(await codes.find('c2')).toBeUndefined();
    expect(await tokens.find('t2')).toBeUndefined();
    expect(await tokens.find('t3')).toEqual({ grantId: 'g3' });
  });

  it('finds device-flow documents by user code and removes one by id', async () => {
    const devices = adapter(tenantA, 'DeviceCode');
    await devices.upsert('d1', { userCode: 'ABCD-EFGH' }, 60);
    expect(await devices.findByUserCode('ABCD-EFGH')).toEqual({ userCode: 'ABCD-EFGH' });
    await devices.destroy('d1');
    expect(await devices.findByUserCode('ABCD-EFGH')).toBeUndefined();
  });

  it("keeps clients without expiry, lists them, and never shows one tenant's documents to another", async () => {
    await store.forTenant(tenantA).upsert({ model: 'Client', id: 'fgc_a', payload: { client_id: 'fgc_a' } });
    await adapter(tenantB, 'AccessToken').revokeByGrantId('g3');
    expect(await adapter(tenantA, 'AccessToken').find('t3')).toEqual({ grantId: 'g3' });
    now += 365 * 24 * 3_600_000;
    expect(await adapter(tenantA, 'Client').find('fgc_a')).toEqual({ client_id: 'fgc_a' });
    expect(await adapter(tenantB, 'Client').find('fgc_a')).toBeUndefined();
    expect((await store.forTenant(tenantA).listPermanent('Client')).map((r) => r.id)).toEqual(['fgc_a']);
    expect(await store.forTenant(tenantB).listPermanent('Client')).toEqual([]);
  });

  it('clears expired rows as new ones are written', async () => {
    const interactions = adapter(tenantB, 'Interaction');
    await interactions.upsert('i1', { uid: 'x' }, 10);
    now += 11_000;
    await interactions.upsert('i2', { uid: 'y' }, 10);
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from oidc_payloads
      where tenant_id = ${tenantB} and id = 'i1'`.execute(database.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('refuses ids longer than the column instead of storing them differently per database', async () => {
    await expect(adapter(tenantA, 'Session').upsert('x'.repeat(200), {}, 60)).rejects.toBeInstanceOf(InvalidInputError);
    expect(await adapter(tenantA, 'Session').find('x'.repeat(200))).toBeUndefined();
  });

  it("goes with the tenant's row", async () => {
    const tenant = await repos.tenants.create({ name: 'C' });
    await store.forTenant(tenant.id).upsert({ model: 'Client', id: 'fgc_c', payload: { client_id: 'fgc_c' } });
    await sql`delete from tenants where id = ${tenant.id}`.execute(database.db);
    expect(await store.forTenant(tenant.id).find('Client', 'fgc_c')).toBeUndefined();
  });

  it('keeps a client secret sealed at rest, opens it for the provider, and re-wraps it on key rotation', async () => {
    const sealing = new SqlOidcPayloadStore(database, () => now, cipher);
    const secret = 'very-secret-client-secret';
    await sealing.forTenant(tenantA).upsert({
      model: 'Client',
      id: 'fgc_sealed',
      payload: { client_id: 'fgc_sealed', client_secret: secret },
    });
    const raw = async () =>
      (
        await database.db
          .selectFrom('oidc_payloads')
          .select('payload')
          .where('tenant_id', '=', tenantA)
          .where('id', '=', 'fgc_sealed')
          .executeTakeFirstOrThrow()
      ).payload;
    const atRest = await raw();
    expect(atRest).not.toContain(secret);
    expect(await new (sqlBackedAdapter(sealing.forTenant(tenantA), () => now))('Client').find('fgc_sealed')).toEqual({
      client_id: 'fgc_sealed',
      client_secret: secret,
    });
    // Bound to its tenant and client: the sealed value moved to another client does not open.
    await sql`update oidc_payloads set id = 'fgc_moved' where id = 'fgc_sealed'`.execute(database.db);
    await expect(sealing.forTenant(tenantA).find('Client', 'fgc_moved')).rejects.toThrow();
    await sql`update oidc_payloads set id = 'fgc_sealed' where id = 'fgc_moved'`.execute(database.db);
    // Without the keys a sealed secret is an error, never handed to the provider as if it were the secret.
    await expect(store.forTenant(tenantA).find('Client', 'fgc_sealed')).rejects.toThrow(/sealed/);

    // Rotation: a new active key; the old one may only go once the secret is re-wrapped.
    const key2 = randomBytes(32);
    const rotated = new TemplateCipher({ activeKeyId: 'k2', keys: { k1: key1, k2: key2 } });
    const rotating = new SqlOidcPayloadStore(database, () => now, rotated);
    expect(await rotating.resealClientSecrets()).toBe(1);
    expect(await rotating.resealClientSecrets()).toBe(0); // idempotent
    expect(await raw()).not.toEqual(atRest);
    const onlyNew = new SqlOidcPayloadStore(
      database,
      () => now,
      new TemplateCipher({ activeKeyId: 'k2', keys: { k2: key2 } }),
    );
    expect((await onlyNew.forTenant(tenantA).find('Client', 'fgc_sealed'))?.payload['client_secret']).toBe(secret);
  });
});
