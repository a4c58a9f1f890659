/**
 * The repository contract: one suite that every database must pass, registered by
 * sqlite.int.test.ts and mysql.int.test.ts. Tests share one migrated database and stay independent
 * by working in fresh tenants of their own, which is also what tenant isolation promises.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { itemAt } from '../../arrays/item-at.js';
import type { Template } from '../../domain/template.js';
import type { User } from '../../domain/user.js';
import type { Repositories, TenantRepositories } from '../../ports/repositories.js';
import { ConflictError, InvalidInputError, MissingReferenceError } from '../../ports/repository-errors.js';
import { TemplateCipher, TemplateDecryptError } from '../../crypto/template-cipher.js';
import type { SqlDatabase } from './create-database.js';
import { migrateToLatest } from './migrate.js';
import { createSqlRepositories } from './sql-repositories.js';

/** Opens the database under test; the suite migrates it and closes it at the end. */
export type DatabaseFactory = () => Promise<SqlDatabase>;

/** A clock the test moves by hand. */
function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

function randomEmbedding(dims: number): Float32Array {
  const values = new Float32Array(dims);
  for (let i = 0; i < dims; i++) values[i] = Math.random() * 2 - 1;
  return values;
}

/** Byte view, so -0 vs 0 and every mantissa bit count. */
function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Registers the repository contract tests against the database `open` returns. */
export function repositoryContract(label: string, open: DatabaseFactory): void {
  describe(`repository contract: ${label}`, () => {
    let database: SqlDatabase;
    let cipher: TemplateCipher;
    let repos: Repositories;
    const k1 = randomBytes(32);

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      cipher = new TemplateCipher({ activeKeyId: 'k1', keys: { k1 } });
      repos = createSqlRepositories(database, { cipher });
    });

    afterAll(async () => {
      await database?.close();
    });

    async function newTenant(r: Repositories = repos): Promise<TenantRepositories> {
      const tenant = await r.tenants.create({ name: 'Test tenant' });
      return r.forTenant(tenant.id);
    }

    /** A user with an enrollment, its capture and one template of `modelVersion`. */
    async function enrolledUser(
      t: TenantRepositories,
      username: string,
      modelVersion = 'm1',
      embedding = randomEmbedding(128),
    ) {
      const user = await t.users.create({ username });
      const capture = await t.captures.create({
        userId: user.id,
        kind: 'enroll',
        blobPath: `tenants/${t.tenantId}/users/${user.id}/enroll/${username}`,
        generation: '1',
        contentType: 'image/jpeg',
        sizeBytes: 1234,
      });
      const enrollment = await t.enrollments.create({ userId: user.id, captureId: capture.value.id });
      const template = await t.templates.add({
        userId: user.id,
        captureId: capture.value.id,
        enrollmentId: enrollment.id,
        modelVersion,
        embedding,
        qualityScore: 0.9,
      });
      return { user, capture: capture.value, enrollment, template: template.value };
    }

    async function rowCount(
      table: 'templates' | 'captures' | 'enrollments' | 'users' | 'attempts',
      tenantId: string,
      userId: string,
    ) {
      const column = table === 'users' ? 'id' : 'user_id';
      const { n } = await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where(column, '=', userId)
        .executeTakeFirstOrThrow();
      return Number(n);
    }

    describe('migrations', () => {
      it('apply once; running them again changes nothing', async () => {
        expect(await migrateToLatest(database)).toEqual([]);
      });
    });

    describe('tenants and API keys', () => {
      it('creates, gets and lists tenants', async () => {
        const tenant = await repos.tenants.create({ name: 'Acme' });
        expect(await repos.tenants.get(tenant.id)).toEqual(tenant);
        expect((await repos.tenants.list()).map((t) => t.id)).toContain(tenant.id);
        expect(await repos.tenants.get('ten_missing')).toBeNull();
      });

      it('finds a key by hash until it is revoked', async () => {
        const tenant = await repos.tenants.create({ name: 'Keys' });
        const hash = randomBytes(32).toString('hex');
        const key = await repos.apiKeys.create({
          tenantId: tenant.id,
          role: 'operator',
          keyHash: hash,
          displayPrefix: 'fgk_abc123',
        });
        expect(await repos.apiKeys.findByHash(hash)).toEqual(key);
        expect(await repos.apiKeys.revoke('ten_other', key.id)).toBe(false);
        expect(await repos.apiKeys.revoke(tenant.id, key.id)).toBe(true);
        expect(await repos.apiKeys.findByHash(hash)).toBeNull();
        expect((await repos.apiKeys.listByTenant(tenant.id))[0]?.revokedAt).not.toBeNull();
      });

      it('keeps a publishable key’s origins, and none for a secret key', async () => {
        const tenant = await repos.tenants.create({ name: 'Keys' });
        const hash = randomBytes(32).toString('hex');
        const origins = ['https://app.example.com', 'http://localhost:5173'];
        const key = await repos.apiKeys.create({
          tenantId: tenant.id,
          role: 'client',
          keyHash: hash,
          displayPrefix: 'fgpk_abc123',
          allowedOrigins: origins,
        });
        expect(key.allowedOrigins).toEqual(origins);
        expect(await repos.apiKeys.findByHash(hash)).toEqual(key);
        const secretHash = randomBytes(32).toString('hex');
        await repos.apiKeys.create({
          tenantId: tenant.id,
          role: 'client',
          keyHash: secretHash,
          displayPrefix: 'fgk_x',
        });
        expect((await repos.apiKeys.findByHash(secretHash))?.allowedOrigins).toBeNull();
      });

      it('refuses a duplicate hash, a bad role and a key of an unknown tenant', async () => {
        const tenant = await repos.tenants.create({ name: 'Keys' });
        const keyHash = randomBytes(32).toString('hex');
        await repos.apiKeys.create({ tenantId: tenant.id, role: 'client', keyHash, displayPrefix: 'fgk_x' });
        await expect(
          repos.apiKeys.create({ tenantId: tenant.id, role: 'client', keyHash, displayPrefix: 'fgk_y' }),
        ).rejects.toMatchObject({
          name: 'ConflictError',
          constraint: 'api_key_hash',
        });
        await expect(
          repos.apiKeys.create({
            tenantId: tenant.id,
            role: 'root' as 'client',
            keyHash: randomBytes(32).toString('hex'),
            displayPrefix: 'x',
          }),
        ).rejects.toBeInstanceOf(InvalidInputError);
        await expect(
          repos.apiKeys.create({
            tenantId: 'ten_nope',
            role: 'client',
            keyHash: randomBytes(32).toString('hex'),
            displayPrefix: 'x',
          }),
        ).rejects.toBeInstanceOf(MissingReferenceError);
      });
    });

    describe('users', () => {
      it('creates a user and finds it by id and username', async () => {
        const t = await newTenant();
        const user = await t.users.create({
          username: 'alice',
          displayName: 'Alice A.',
          email: 'alice@example.com',
          passwordHash: '$scrypt$x',
        });
        expect(user).toMatchObject({
          tenantId: t.tenantId,
          username: 'alice',
          displayName: 'Alice A.',
          email: 'alice@example.com',
        });
        expect(await t.users.byId(user.id)).toEqual(user);
        expect(await t.users.byUsername('alice')).toEqual(user);
        expect(await t.users.byUsername('bob')).toBeNull();
      });

      it('keeps usernames unique per tenant but not across tenants', async () => {
        const a = await newTenant();
        const b = await newTenant();
        await a.users.create({ username: 'carol' });
        const error = await a.users.create({ username: 'carol' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).constraint).toBe('username');
        await expect(b.users.create({ username: 'carol' })).resolves.toMatchObject({ username: 'carol' });
      });

      it('compares usernames byte for byte on every database (no locale collation)', async () => {
        const t = await newTenant();
        await t.users.create({ username: 'josé' });
        await t.users.create({ username: 'jose' });
        await t.users.create({ username: 'jose ' });
        expect((await t.users.byUsername('jose'))?.username).toBe('jose');
        expect((await t.users.byUsername('josé'))?.username).toBe('josé');
        expect(await t.users.byUsername('JOSE')).toBeNull();
      });

      it('refuses a taken id as a primary-key conflict', async () => {
        const t = await newTenant();
        const user = await t.users.create({ username: 'dave' });
        await expect(t.users.create({ id: user.id, username: 'dave2' })).rejects.toMatchObject({
          constraint: 'primary_key',
        });
      });

      it('refuses values longer than their column the same way everywhere', async () => {
        const t = await newTenant();
        await expect(t.users.create({ username: 'erin', displayName: 'x'.repeat(201) })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        await expect(t.users.create({ username: 'u'.repeat(129) })).rejects.toBeInstanceOf(InvalidInputError);
        // 128 astral characters are 256 UTF-16 units but fit a varchar(128).
        await expect(t.users.create({ username: '😀'.repeat(128) })).resolves.toMatchObject({
          username: '😀'.repeat(128),
        });
        expect(await t.users.byUsername('erin')).toBeNull();
      });

      it('lists users by username, searches case-insensitively and pages without gaps or repeats', async () => {
        const t = await newTenant();
        for (let i = 0; i < 7; i++)
          await t.users.create({ username: `user${i}`, displayName: i % 2 ? `Odd ${i}` : null });
        await t.users.create({ username: 'pct', email: '100%_sure@example.com' });
        await t.users.create({ username: 'plain', email: '100x_sure@example.com' });

        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await t.users.list({ limit: 3, ...(cursor ? { cursor } : {}) });
          expect(page.items.length).toBeLessThanOrEqual(3);
          seen.push(...page.items.map((u) => u.username));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toEqual(['pct', 'plain', 'user0', 'user1', 'user2', 'user3', 'user4', 'user5', 'user6']);

        expect((await t.users.list({ search: 'ODD' })).items.map((u) => u.username)).toEqual([
          'user1',
          'user3',
          'user5',
        ]);
        // % and _ are literal characters in a search, not wildcards.
        expect((await t.users.list({ search: '100%_' })).items.map((u) => u.username)).toEqual(['pct']);
        await expect(t.users.list({ cursor: 'not a cursor' })).rejects.toBeInstanceOf(InvalidInputError);
      });
    });

    describe('tenant isolation', () => {
      it("never shows or changes one tenant's records through another tenant's repositories", async () => {
        const a = await newTenant();
        const b = await newTenant();
        const { user, capture, enrollment, template } = await enrolledUser(a, 'victim');
        await a.attempts.add({
          kind: 'verify',
          outcome: 'granted',
          score: 0.9,
          threshold: 0.5,
          reason: null,
          latencyMs: 50,
          stageLatencies: null,
          modelVersion: 'm1',
          clientIp: null,
          userAgent: null,
          userId: user.id,
          claimedUsername: 'victim',
        });
        await a.auditEvents.add({ actor: 'system', action: 'user.created', subjectType: 'user', subjectId: user.id });

        expect(await b.users.byId(user.id)).toBeNull();
        expect(await b.users.byUsername('victim')).toBeNull();
        expect((await b.users.list()).items).toEqual([]);
        expect(await b.enrollments.get(enrollment.id)).toBeNull();
        expect(await b.enrollments.byCaptureId(capture.id)).toBeNull();
        expect(await b.captures.get(capture.id)).toBeNull();
        expect(await b.captures.byObject(capture.blobPath, capture.generation)).toBeNull();
        expect(await b.templates.listByUser(user.id, 'm1')).toEqual([]);
        expect(await b.templates.listByModel('m1')).toEqual([]);
        expect(await b.templates.countByUser(user.id)).toBe(0);
        expect((await b.attempts.list()).items).toEqual([]);
        expect((await b.attempts.list({ userId: user.id })).items).toEqual([]);
        expect((await b.auditEvents.list()).items).toEqual([]);

        expect(await b.enrollments.transition(enrollment.id, ['pending'], 'processing')).toBeNull();
        expect(await b.captures.setQuality(capture.id, { tampered: true })).toBe(false);
        expect(await b.users.delete(user.id)).toBe(false);
        expect(await b.templates.deleteByUser(user.id)).toBe(0);
        expect(await b.captures.deleteByUser(user.id)).toBe(0);
        expect(await b.enrollments.deleteByUser(user.id)).toBe(0);
        expect(await b.captures.delete(capture.id)).toBe(false);

        // The database itself refuses rows of tenant B that point at tenant A's records.
        await expect(
          b.templates.add({
            userId: user.id,
            captureId: capture.id,
            modelVersion: 'm2',
            embedding: randomEmbedding(8),
            qualityScore: 1,
          }),
        ).rejects.toBeInstanceOf(MissingReferenceError);
        await expect(b.enrollments.create({ userId: user.id, captureId: 'cap_new' })).rejects.toBeInstanceOf(
          MissingReferenceError,
        );

        expect(await a.users.byId(user.id)).toEqual(user);
        expect((await a.enrollments.get(enrollment.id))?.status).toBe('pending');
        expect((await a.captures.get(capture.id))?.quality).toBeNull();
        expect((await a.templates.listByUser(user.id, 'm1')).map((x) => x.id)).toEqual([template.id]);
      });
    });

    describe('event outbox', () => {
      it('parks an event once, lists it when due, lets one relay claim it, and removes it', async () => {
        const clock = manualClock();
        const outbox = createSqlRepositories(database, { cipher, now: clock.now }).outbox;
        const id = `evt_${randomBytes(8).toString('hex')}`;
        const parked = { id, topic: 'security.alert.v1', tenantId: 'ten_x', payload: '{"a":1}', lastError: 'down' };
        await outbox.park(parked);
        await outbox.park({ ...parked, payload: '{"a":2}' });
        const [due] = (await outbox.due(clock.now(), 500)).filter((e) => e.id === id);
        expect(due).toMatchObject({ ...parked, attempts: 1, nextAttemptAt: clock.now(), createdAt: clock.now() });
        const claims = await Promise.all([
          outbox.claim(due!, clock.now() + 5000),
          outbox.claim(due!, clock.now() + 5000),
        ]);
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect((await outbox.due(clock.now(), 500)).some((e) => e.id === id)).toBe(false);
        clock.advance(5000);
        expect((await outbox.due(clock.now(), 500)).find((e) => e.id === id)).toMatchObject({ attempts: 2 });
        const before = await outbox.count();
        await outbox.remove(id);
        expect(await outbox.count()).toBe(before - 1);
      });
    });

    describe('enrollments', () => {
      it('starts pending and moves only along allowed steps, each step once', async () => {
        const t = await newTenant();
        const user = await t.users.create({ username: 'frank' });
        const enrollment = await t.enrollments.create({ userId: user.id, captureId: 'cap_frank' });
        expect(enrollment.status).toBe('pending');
        expect(await t.enrollments.byCaptureId('cap_frank')).toEqual(enrollment);

        const claimed = await t.enrollments.transition(enrollment.id, ['pending'], 'processing');
        expect(claimed?.status).toBe('processing');
        expect(await t.enrollments.transition(enrollment.id, ['pending'], 'processing')).toBeNull();

        const active = await t.enrollments.transition(enrollment.id, ['processing'], 'active', {
          quality: { sharpness: 120.5, faceCount: 1 },
        });
        expect(active).toMatchObject({ status: 'active', quality: { sharpness: 120.5, faceCount: 1 }, reason: null });
        expect(await t.enrollments.transition(enrollment.id, ['processing'], 'rejected')).toBeNull();
        await expect(t.enrollments.transition(enrollment.id, ['active'], 'pending')).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        await expect(t.enrollments.transition(enrollment.id, ['pending', 'active'], 'rejected')).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        await expect(t.enrollments.transition(enrollment.id, [], 'rejected')).rejects.toBeInstanceOf(InvalidInputError);
        expect((await t.enrollments.get(enrollment.id))?.status).toBe('active');
      });

      it('records the rejection reason', async () => {
        const t = await newTenant();
        const user = await t.users.create({ username: 'gina' });
        const enrollment = await t.enrollments.create({ userId: user.id, captureId: 'cap_gina' });
        const rejected = await t.enrollments.transition(enrollment.id, ['pending', 'processing'], 'rejected', {
          reason: 'no_face',
        });
        expect(rejected).toMatchObject({ status: 'rejected', reason: 'no_face' });
        expect(await t.enrollments.listByUser(user.id)).toEqual([rejected]);
      });

      it('lets exactly one of many concurrent claims win', async () => {
        const t = await newTenant();
        const user = await t.users.create({ username: 'hank' });
        const enrollment = await t.enrollments.create({ userId: user.id, captureId: 'cap_hank' });
        const results = await Promise.all(
          Array.from({ length: 8 }, () => t.enrollments.transition(enrollment.id, ['pending'], 'processing')),
        );
        expect(results.filter((r) => r !== null)).toHaveLength(1);
      });

      it('lets one taker reclaim a processing claim only once it is older than the cut-off', async () => {
        const clock = manualClock();
        const t = await newTenant(createSqlRepositories(database, { cipher, now: clock.now }));
        const user = await t.users.create({ username: 'hugo' });
        const enrollment = await t.enrollments.create({ userId: user.id, captureId: 'cap_hugo' });
        expect(await t.enrollments.reclaimStale(enrollment.id, clock.now() + 1)).toBeNull();
        await t.enrollments.transition(enrollment.id, ['pending'], 'processing');
        expect(await t.enrollments.reclaimStale(enrollment.id, clock.now())).toBeNull();
        clock.advance(10_000);
        const results = await Promise.all(
          Array.from({ length: 6 }, () => t.enrollments.reclaimStale(enrollment.id, clock.now() - 5_000)),
        );
        const won = results.filter((r) => r !== null);
        expect(won).toHaveLength(1);
        expect(won[0]).toMatchObject({ status: 'processing', updatedAt: clock.now() });
        expect(await t.enrollments.reclaimStale(enrollment.id, clock.now() - 5_000)).toBeNull();
      });

      it('refuses a second enrollment expecting the same capture', async () => {
        const t = await newTenant();
        const user = await t.users.create({ username: 'ivy' });
        const other = await t.users.create({ username: 'ivy2' });
        await t.enrollments.create({ userId: user.id, captureId: 'cap_ivy' });
        await expect(t.enrollments.create({ userId: other.id, captureId: 'cap_ivy' })).rejects.toMatchObject({
          constraint: 'capture_id',
        });
      });

      it('keeps one live enrollment per user: a second is refused until the first is active or rejected', async () => {
        const t = await newTenant();
        const user = await t.users.create({ username: 'ida' });
        const first = await t.enrollments.create({ userId: user.id, captureId: 'cap_ida1' });
        await expect(t.enrollments.create({ userId: user.id, captureId: 'cap_ida2' })).rejects.toMatchObject({
          constraint: 'live_enrollment',
        });
        await t.enrollments.transition(first.id, ['pending'], 'processing');
        await expect(t.enrollments.create({ userId: user.id, captureId: 'cap_ida2' })).rejects.toMatchObject({
          constraint: 'live_enrollment',
        });
        await t.enrollments.transition(first.id, ['processing'], 'rejected', { reason: 'no_face' });
        const second = await t.enrollments.create({ userId: user.id, captureId: 'cap_ida2' });
        await t.enrollments.transition(second.id, ['pending'], 'processing');
        await t.enrollments.transition(second.id, ['processing'], 'active');
        await t.enrollments.create({ userId: user.id, captureId: 'cap_ida3' });
        // Created within one millisecond: compare by capture, not by list order.
        const statuses = Object.fromEntries(
          (await t.enrollments.listByUser(user.id)).map((e) => [e.captureId, e.status]),
        );
        expect(statuses).toEqual({ cap_ida1: 'rejected', cap_ida2: 'active', cap_ida3: 'pending' });
      });
    });

    describe('captures', () => {
      it('stores one capture per object generation, however often the event arrives', async () => {
        const t = await newTenant();
        const user = await t.users.create({ username: 'jack' });
        const input = {
          userId: user.id,
          kind: 'enroll' as const,
          blobPath: 'tenants/x/users/y/enroll/cap_1',
          generation: '1712345678901234',
          contentType: 'image/jpeg',
          sizeBytes: 52_000,
          quality: { brightness: 130 },
        };
        const first = await t.captures.create(input);
        const again = await t.captures.create(input);
        const concurrent = await Promise.all([
          t.captures.create({ ...input, generation: '2' }),
          t.captures.create({ ...input, generation: '2' }),
        ]);
        expect(first.created).toBe(true);
        expect(again).toEqual({ value: first.value, created: false });
        expect(concurrent.filter((c) => c.created)).toHaveLength(1);
        expect(concurrent[0].value.id).toBe(concurrent[1].value.id);
        expect(await t.captures.byObject(input.blobPath, input.generation)).toEqual(first.value);
        expect((await t.captures.listByUser(user.id)).map((c) => c.generation).sort()).toEqual([
          '1712345678901234',
          '2',
        ]);
        expect(await t.captures.setQuality(first.value.id, { brightness: 90 })).toBe(true);
        expect((await t.captures.get(first.value.id))?.quality).toEqual({ brightness: 90 });
      });

      it('refuses bad input with typed errors', async () => {
        const t = await newTenant();
        const base = {
          userId: null,
          kind: 'login' as const,
          blobPath: 'p',
          generation: '1',
          contentType: 'image/png',
          sizeBytes: 1,
        };
        await expect(t.captures.create({ ...base, kind: 'selfie' as 'login' })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        await expect(t.captures.create({ ...base, sizeBytes: -1 })).rejects.toBeInstanceOf(InvalidInputError);
        await expect(t.captures.create({ ...base, blobPath: 'p'.repeat(401) })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        await expect(t.captures.create({ ...base, quality: { big: 'x'.repeat(70_000) } })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        await expect(t.captures.create({ ...base, userId: 'usr_nobody' })).rejects.toBeInstanceOf(
          MissingReferenceError,
        );
      });

      it('lists login captures past retention, oldest first, and deletes them', async () => {
        const clock = manualClock();
        const r = createSqlRepositories(database, { cipher, now: clock.now });
        const t = await newTenant(r);
        const user = await t.users.create({ username: 'kate' });
        const make = (kind: 'enroll' | 'login', name: string) =>
          t.captures.create({
            userId: kind === 'enroll' ? user.id : null,
            kind,
            blobPath: name,
            generation: '1',
            contentType: 'image/jpeg',
            sizeBytes: 9,
          });
        const old1 = await make('login', 'old1');
        clock.advance(1000);
        const old2 = await make('login', 'old2');
        await make('enroll', 'enroll-old');
        clock.advance(60_000);
        const cutoff = clock.now();
        await make('login', 'fresh');

        const expired = await t.captures.listExpired({ kind: 'login', createdBefore: cutoff });
        expect(expired.map((c) => c.id)).toEqual([old1.value.id, old2.value.id]);
        expect(
          (await t.captures.listExpired({ kind: 'login', createdBefore: cutoff, limit: 1 })).map((c) => c.id),
        ).toEqual([old1.value.id]);
        expect(await t.captures.delete(old1.value.id)).toBe(true);
        expect(await t.captures.delete(old1.value.id)).toBe(false);
        expect((await t.captures.listExpired({ kind: 'login', createdBefore: cutoff })).map((c) => c.id)).toEqual([
          old2.value.id,
        ]);
      });

      it('deleting a capture deletes the templates made from it', async () => {
        const t = await newTenant();
        const { user, capture } = await enrolledUser(t, 'liam');
        expect(await t.captures.delete(capture.id)).toBe(true);
        expect(await t.templates.countByUser(user.id)).toBe(0);
      });
    });

    describe('templates', () => {
      it('round-trips embeddings bit for bit', async () => {
        const t = await newTenant();
        const special = new Float32Array([
          0,
          -0,
          1,
          -1,
          1.401298464324817e-45,
          -1.1754942106924411e-38,
          3.4028234663852886e38,
          Math.PI,
          1 / 3,
        ]);
        const random = randomEmbedding(512);
        const { user } = await enrolledUser(t, 'mia', 'm1', special);
        const { user: other } = await enrolledUser(t, 'noah', 'm1', random);
        const [stored] = await t.templates.listByUser(user.id, 'm1');
        assert.isDefined(stored, "mia's template is listed");
        expect(stored.dims).toBe(special.length);
        expect(bytesOf(stored.embedding)).toEqual(bytesOf(special));
        expect(Object.is(stored.embedding[1], -0)).toBe(true);
        const [storedRandom] = await t.templates.listByUser(other.id, 'm1');
        assert.isDefined(storedRandom, "noah's template is listed");
        expect(bytesOf(storedRandom.embedding)).toEqual(bytesOf(random));
      });

      it('stores at rest only ciphertext, under the active key id', async () => {
        const t = await newTenant();
        const embedding = randomEmbedding(64);
        const { template } = await enrolledUser(t, 'olga', 'm1', embedding);
        const row = await database.db
          .selectFrom('templates')
          .selectAll()
          .where('id', '=', template.id)
          .executeTakeFirstOrThrow();
        expect(row.key_id).toBe('k1');
        expect(Buffer.from(row.embedding_sealed).includes(Buffer.from(bytesOf(embedding)).subarray(0, 16))).toBe(false);
      });

      it('adds one template per capture and model version, even under concurrent redelivery', async () => {
        const t = await newTenant();
        const { user, capture, enrollment, template } = await enrolledUser(t, 'paul');
        const input = {
          userId: user.id,
          captureId: capture.id,
          enrollmentId: enrollment.id,
          modelVersion: 'm1',
          embedding: randomEmbedding(128),
          qualityScore: 0.5,
        };
        const again = await t.templates.add(input);
        expect(again.created).toBe(false);
        expect(again.value.id).toBe(template.id);
        expect(bytesOf(again.value.embedding)).toEqual(bytesOf(template.embedding));

        const racing = await Promise.all(
          Array.from({ length: 4 }, () => t.templates.add({ ...input, modelVersion: 'm2' })),
        );
        expect(racing.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(racing.map((r) => r.value.id)).size).toBe(1);
        expect(await t.templates.countByUser(user.id)).toBe(2);
        expect((await t.templates.listByUser(user.id, 'm1')).map((x) => x.id)).toEqual([template.id]);
        expect((await t.templates.listByUser(user.id, 'm2')).map((x) => x.modelVersion)).toEqual(['m2']);
      });

      it("reads a page of users' enrollment statuses and template counts in one go", async () => {
        const t = await newTenant();
        const { user: paul } = await enrolledUser(t, 'paul-batch');
        const { user: rita, enrollment } = await enrolledUser(t, 'rita-batch');
        await t.enrollments.transition(enrollment.id, ['pending'], 'processing');
        await t.enrollments.transition(enrollment.id, ['processing'], 'rejected', { reason: 'no_face' });
        const retry = await t.captures.create({
          userId: rita.id,
          kind: 'enroll',
          blobPath: `tenants/${t.tenantId}/users/${rita.id}/enroll/retry`,
          generation: '1',
          contentType: 'image/jpeg',
          sizeBytes: 1234,
        });
        await t.enrollments.create({ userId: rita.id, captureId: retry.value.id });
        const nobody = await t.users.create({ username: 'nobody-batch' });
        const ids = [paul.id, rita.id, nobody.id];
        expect(Object.fromEntries(await t.templates.countByUsers(ids))).toEqual({ [paul.id]: 1, [rita.id]: 1 });
        const statuses = await t.enrollments.statusesByUsers(ids);
        expect(statuses.get(paul.id)).toEqual(['pending']);
        expect(statuses.get(rita.id)?.sort()).toEqual(['pending', 'rejected']);
        expect(statuses.has(nobody.id)).toBe(false);
        expect((await t.templates.countByUsers([])).size).toBe(0);
        // Another tenant's user with the same ids asked for sees nothing of this one.
        const other = await newTenant();
        expect((await other.templates.countByUsers(ids)).size).toBe(0);
      });

      it('refuses embeddings that would poison comparisons', async () => {
        const t = await newTenant();
        const { user, capture } = await enrolledUser(t, 'quinn');
        const base = { userId: user.id, captureId: capture.id, modelVersion: 'm9', qualityScore: 1 };
        await expect(t.templates.add({ ...base, embedding: new Float32Array([1, Number.NaN]) })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        await expect(t.templates.add({ ...base, embedding: new Float32Array([Infinity]) })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        await expect(t.templates.add({ ...base, embedding: new Float32Array(0) })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        await expect(
          t.templates.add({ ...base, embedding: new Float32Array(4), qualityScore: Number.NaN }),
        ).rejects.toBeInstanceOf(InvalidInputError);
        expect(await t.templates.listByUser(user.id, 'm9')).toEqual([]);
      });

      it('fails to decrypt a tampered ciphertext or one moved to another row', async () => {
        const t = await newTenant();
        const { user: u1, template: t1 } = await enrolledUser(t, 'rita');
        const { user: u2, template: t2 } = await enrolledUser(t, 'sam');
        const row1 = await database.db
          .selectFrom('templates')
          .selectAll()
          .where('id', '=', t1.id)
          .executeTakeFirstOrThrow();

        const flipped = Buffer.from(row1.embedding_sealed);
        flipped[20] = itemAt(flipped, 20, 'ciphertext byte') ^ 0x01;
        await database.db.updateTable('templates').set({ embedding_sealed: flipped }).where('id', '=', t1.id).execute();
        await expect(t.templates.listByUser(u1.id, 'm1')).rejects.toBeInstanceOf(TemplateDecryptError);

        await database.db
          .updateTable('templates')
          .set({ embedding_sealed: row1.embedding_sealed })
          .where('id', '=', t2.id)
          .execute();
        await expect(t.templates.listByUser(u2.id, 'm1')).rejects.toBeInstanceOf(TemplateDecryptError);
      });

      it('reads rows sealed under a retired key after rotation, and seals new rows under the new key', async () => {
        const t = await newTenant();
        const { user, template: old } = await enrolledUser(t, 'tess');
        const rotated = createSqlRepositories(database, {
          cipher: new TemplateCipher({ activeKeyId: 'k2', keys: { k2: randomBytes(32), k1 } }),
        }).forTenant(t.tenantId);
        const [read] = await rotated.templates.listByUser(user.id, 'm1');
        assert.isDefined(read, 'the template sealed under k1 is listed');
        expect(bytesOf(read.embedding)).toEqual(bytesOf(old.embedding));
        const capture = await rotated.captures.create({
          userId: user.id,
          kind: 'enroll',
          blobPath: 'second',
          generation: '1',
          contentType: 'image/jpeg',
          sizeBytes: 1,
        });
        const added = await rotated.templates.add({
          userId: user.id,
          captureId: capture.value.id,
          modelVersion: 'm1',
          embedding: randomEmbedding(16),
          qualityScore: 1,
        });
        const row = await database.db
          .selectFrom('templates')
          .select('key_id')
          .where('id', '=', added.value.id)
          .executeTakeFirstOrThrow();
        expect(row.key_id).toBe('k2');
        // The old cipher, without k2, cannot open the new row.
        await expect(t.templates.listByUser(user.id, 'm1')).rejects.toBeInstanceOf(TemplateDecryptError);
      });

      it('lists every template of a model for identify, 2,000 of them, and only that model', async () => {
        const t = await newTenant();
        const users: User[] = [];
        for (let i = 0; i < 200; i++) users.push(await t.users.create({ username: `id${String(i).padStart(3, '0')}` }));
        const expected = new Map<string, Float32Array>();
        await t.transaction(async (tx) => {
          for (let i = 0; i < 2000; i++) {
            const user = itemAt(users, i % users.length, 'user');
            const capture = await tx.captures.create({
              userId: user.id,
              kind: 'enroll',
              blobPath: `bulk/${i}`,
              generation: '1',
              contentType: 'image/jpeg',
              sizeBytes: 1,
            });
            const embedding = randomEmbedding(128);
            const { value } = await tx.templates.add({
              userId: user.id,
              captureId: capture.value.id,
              modelVersion: 'big',
              embedding,
              qualityScore: 1,
            });
            expected.set(value.id, embedding);
            if (i % 100 === 0)
              await tx.templates.add({
                userId: user.id,
                captureId: capture.value.id,
                modelVersion: 'other',
                embedding,
                qualityScore: 1,
              });
          }
        });
        const started = performance.now();
        const listed: Template[] = await t.templates.listByModel('big');
        const elapsed = performance.now() - started;
        console.log(`[${label}] listByModel: ${listed.length} templates decrypted in ${elapsed.toFixed(0)} ms`);
        expect(listed).toHaveLength(2000);
        expect(new Set(listed.map((x) => x.id)).size).toBe(2000);
        for (const template of listed) {
          expect(template.modelVersion).toBe('big');
          expect(bytesOf(template.embedding)).toEqual(bytesOf(expected.get(template.id) ?? new Float32Array(0)));
        }
        expect(await t.templates.listByModel('other')).toHaveLength(20);
      });
    });

    describe('deleting a user', () => {
      it('removes the templates, captures and enrollments rows and detaches attempts, leaving others alone', async () => {
        const t = await newTenant();
        const { user } = await enrolledUser(t, 'uma');
        const { user: bystander } = await enrolledUser(t, 'victor');
        await t.captures.create({
          userId: user.id,
          kind: 'login',
          blobPath: 'login/uma',
          generation: '7',
          contentType: 'image/jpeg',
          sizeBytes: 3,
        });
        const attempt = {
          kind: 'verify' as const,
          outcome: 'denied' as const,
          score: 0.2,
          threshold: 0.5,
          reason: 'below_threshold',
          latencyMs: 80,
          stageLatencies: { detect: 30 },
          modelVersion: 'm1',
          clientIp: '203.0.113.9',
          userAgent: 'test',
        };
        await t.attempts.add({ ...attempt, userId: user.id, claimedUsername: 'uma' });
        await t.attempts.add({ ...attempt, userId: null, claimedUsername: 'uma' });
        await t.attempts.add({ ...attempt, userId: bystander.id, claimedUsername: 'victor' });

        expect(await t.users.delete(user.id)).toBe(true);
        for (const table of ['templates', 'captures', 'enrollments', 'users', 'attempts'] as const) {
          expect(await rowCount(table, t.tenantId, user.id), table).toBe(0);
        }
        const attempts = (await t.attempts.list()).items;
        expect(attempts).toHaveLength(3);
        expect(attempts.filter((a) => a.claimedUsername === 'uma' || a.userId === user.id)).toEqual([]);
        expect(await t.templates.countByUser(bystander.id)).toBe(1);
        expect(await t.captures.listByUser(bystander.id)).toHaveLength(1);
        expect(await t.users.delete(user.id)).toBe(false);
      });

      it('offers the per-table deletes on their own', async () => {
        const t = await newTenant();
        const { user } = await enrolledUser(t, 'wendy');
        expect(await t.templates.deleteByUser(user.id)).toBe(1);
        expect(await t.captures.deleteByUser(user.id)).toBe(1);
        expect(await t.enrollments.deleteByUser(user.id)).toBe(1);
        expect(await t.users.byId(user.id)).not.toBeNull();
      });
    });

    describe('transactions', () => {
      it('stores all of the work or none of it', async () => {
        const t = await newTenant();
        await expect(
          repos.transaction(async (tx) => {
            await tx.forTenant(t.tenantId).users.create({ username: 'xena' });
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await t.users.byUsername('xena')).toBeNull();
        await t.transaction(async (tx) => {
          const user = await tx.users.create({ username: 'yuri' });
          await tx.transaction((inner) => inner.enrollments.create({ userId: user.id, captureId: 'cap_yuri' }));
        });
        expect(await t.enrollments.byCaptureId('cap_yuri')).not.toBeNull();
      });
    });

    describe('attempts and audit events', () => {
      it('filters attempts by kind, outcome, user, client address and time, newest first, with paging', async () => {
        const clock = manualClock();
        const t = await newTenant(createSqlRepositories(database, { cipher, now: clock.now }));
        const user = await t.users.create({ username: 'zoe' });
        const base = {
          score: 0.7,
          threshold: 0.5,
          reason: null,
          latencyMs: 42.5,
          stageLatencies: { detect: 20, embed: 15.5 },
          modelVersion: 'm1',
          clientIp: '::1',
          userAgent: 'vitest',
          claimedUsername: null,
        };
        const made = [];
        for (let i = 0; i < 10; i++) {
          made.push(
            await t.attempts.add({
              ...base,
              kind: i % 2 ? 'identify' : 'verify',
              outcome: i % 3 === 0 ? 'denied' : 'granted',
              userId: i < 4 ? user.id : null,
              clientIp: i % 4 === 1 ? '198.51.100.9' : base.clientIp,
            }),
          );
          clock.advance(1000);
        }
        const ids = (items: { id: string }[]) => items.map((a) => a.id);
        const newestFirst = [...made].reverse();

        expect(ids((await t.attempts.list()).items)).toEqual(ids(newestFirst));
        expect(ids((await t.attempts.list({ kind: 'identify' })).items)).toEqual(
          ids(newestFirst.filter((a) => a.kind === 'identify')),
        );
        expect(ids((await t.attempts.list({ outcome: 'denied' })).items)).toEqual(
          ids(newestFirst.filter((a) => a.outcome === 'denied')),
        );
        expect(ids((await t.attempts.list({ userId: user.id })).items)).toEqual(
          ids(newestFirst.filter((a) => a.userId === user.id)),
        );
        expect(ids((await t.attempts.list({ clientIp: '198.51.100.9' })).items)).toEqual(
          ids([itemAt(made, 9, 'attempt'), itemAt(made, 5, 'attempt'), itemAt(made, 1, 'attempt')]),
        );
        expect(ids((await t.attempts.list({ kind: 'identify', outcome: 'denied', clientIp: '::1' })).items)).toEqual(
          ids([itemAt(made, 3, 'attempt')]),
        );
        const since = itemAt(made, 3, 'attempt').createdAt;
        const until = itemAt(made, 7, 'attempt').createdAt;
        expect(ids((await t.attempts.list({ since, until })).items)).toEqual(ids(made.slice(3, 7).reverse()));
        expect(ids((await t.attempts.list({ kind: 'verify', outcome: 'denied', since })).items)).toEqual(
          ids([itemAt(made, 6, 'attempt')]),
        );

        const paged: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await t.attempts.list({ limit: 4, ...(cursor ? { cursor } : {}) });
          paged.push(...ids(page.items));
          cursor = page.nextCursor;
        } while (cursor);
        expect(paged).toEqual(ids(newestFirst));
        expect((await t.attempts.list({ limit: 1 })).items[0]).toEqual(made[9]);
      });

      it('cuts over-long log text instead of failing and refuses non-numbers', async () => {
        const t = await newTenant();
        const base = {
          kind: 'verify' as const,
          outcome: 'error' as const,
          score: null,
          threshold: null,
          latencyMs: 1,
          stageLatencies: null,
          modelVersion: null,
          clientIp: null,
          userId: null,
          reason: 'r'.repeat(100),
          userAgent: 'Mozilla/'.repeat(200),
          claimedUsername: '名'.repeat(300),
        };
        const stored = await t.attempts.add(base);
        expect(stored.userAgent).toHaveLength(512);
        expect(stored.reason).toHaveLength(64);
        expect(stored.claimedUsername).toBe('名'.repeat(128));
        expect((await t.attempts.list()).items[0]).toEqual(stored);
        // A forwarded address longer than its column is cut, and found again by the whole of it.
        const longIp = `2001:db8::${'f'.repeat(90)}`;
        const fromLongIp = await t.attempts.add({ ...base, clientIp: longIp });
        expect(fromLongIp.clientIp).toBe(longIp.slice(0, 64));
        expect((await t.attempts.list({ clientIp: longIp })).items.map((a) => a.id)).toEqual([fromLongIp.id]);
        await expect(t.attempts.add({ ...base, score: Number.NaN })).rejects.toBeInstanceOf(InvalidInputError);
        await expect(t.attempts.add({ ...base, outcome: 'maybe' as 'error' })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
      });

      it('appends audit events and lists them newest first', async () => {
        const clock = manualClock();
        const t = await newTenant(createSqlRepositories(database, { cipher, now: clock.now }));
        const first = await t.auditEvents.add({
          actor: 'key_abc',
          action: 'user.deleted',
          subjectType: 'user',
          subjectId: 'usr_1',
          details: { templates: 2 },
        });
        clock.advance(5);
        const second = await t.auditEvents.add({ actor: 'system', action: 'enrollment.rejected' });
        const page = await t.auditEvents.list({ limit: 1 });
        expect(page.items).toEqual([second]);
        expect(page.nextCursor).toBeDefined();
        expect((await t.auditEvents.list({ cursor: page.nextCursor ?? '' })).items).toEqual([first]);
        expect(first.details).toEqual({ templates: 2 });
      });
    });

    describe('model settings', () => {
      it('has no row until written; sets and clears the active version and the re-embed target independently', async () => {
        const clock = manualClock();
        const t = await newTenant(createSqlRepositories(database, { cipher, now: clock.now }));
        expect(await t.modelSettings.get()).toBeNull();
        const target = await t.modelSettings.setReembedTarget('m2');
        expect(target).toEqual({
          tenantId: t.tenantId,
          activeVersion: null,
          reembedTarget: 'm2',
          updatedAt: clock.now(),
        });
        clock.advance(10);
        const active = await t.modelSettings.setActive('m2');
        expect(active).toEqual({
          tenantId: t.tenantId,
          activeVersion: 'm2',
          reembedTarget: 'm2',
          updatedAt: clock.now(),
        });
        expect(await t.modelSettings.setReembedTarget(null)).toMatchObject({
          activeVersion: 'm2',
          reembedTarget: null,
        });
        expect(await t.modelSettings.setActive(null)).toMatchObject({ activeVersion: null, reembedTarget: null });
        const other = await newTenant();
        expect(await other.modelSettings.get()).toBeNull();
      });

      it('creates one row under concurrent first writes, and refuses bad versions and unknown tenants', async () => {
        const t = await newTenant();
        await Promise.all(['a', 'b', 'c', 'd'].map((v) => t.modelSettings.setActive(v)));
        expect(['a', 'b', 'c', 'd']).toContain((await t.modelSettings.get())?.activeVersion);
        const { n } = await database.db
          .selectFrom('tenant_model_settings')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('tenant_id', '=', t.tenantId)
          .executeTakeFirstOrThrow();
        expect(Number(n)).toBe(1);
        await expect(t.modelSettings.setActive('')).rejects.toBeInstanceOf(InvalidInputError);
        await expect(t.modelSettings.setActive('v'.repeat(65))).rejects.toBeInstanceOf(InvalidInputError);
        await expect(repos.forTenant('ten_missing').modelSettings.setActive('m1')).rejects.toBeInstanceOf(
          MissingReferenceError,
        );
      });

      it('lists template coverage by capture and version without the embeddings, for the whole tenant', async () => {
        const t = await newTenant();
        const a = await enrolledUser(t, 'cov-a', 'm1');
        const b = await enrolledUser(t, 'cov-b', 'm1');
        await t.templates.add({
          userId: a.user.id,
          captureId: a.capture.id,
          enrollmentId: a.enrollment.id,
          modelVersion: 'm2',
          embedding: randomEmbedding(64),
          qualityScore: 0.5,
        });
        await enrolledUser(await newTenant(), 'cov-elsewhere', 'm1');
        const coverage = await t.templates.listCoverage();
        const key = (c: { userId: string; captureId: string; modelVersion: string }) =>
          `${c.userId}/${c.captureId}/${c.modelVersion}`;
        expect(coverage.map(key).sort()).toEqual(
          [
            `${a.user.id}/${a.capture.id}/m1`,
            `${a.user.id}/${a.capture.id}/m2`,
            `${b.user.id}/${b.capture.id}/m1`,
          ].sort(),
        );
        expect(coverage.every((c) => c.enrollmentId !== null)).toBe(true);
      });
    });
  });
}
