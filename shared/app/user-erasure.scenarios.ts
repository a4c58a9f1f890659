/**
 * Erasure leaves nothing behind: after `DELETE /v1/users/{id}`, no cell of any table (every table the live schema
 * has, found by introspection) holds the person's id, username, email, display name or the ids of their
 * enrollments, captures and templates; no blob remains in their folder; and an upload or an embed step still in
 * flight cannot bring anything back. Registered for SQLite and MariaDB by the *.int.test.ts files beside it.
 *
 * The one row allowed to name the person afterwards is the erasure record itself (`user.deleted` in
 * audit_events, subject = the user id): proof that the request was carried out. A table that must keep something
 * else goes in RETAINED_AFTER_ERASURE with its reason.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, type LoadedFaceEngine } from '../face/create-face-engine.js';
import { faceFixtures, type FaceFixtures } from '../../tests/support/face-fixtures.js';
import { openRealStack, type RealStack } from '../../tests/support/real-stack.js';
import { validEvents } from '../events/event-factories.test-support.js';
import { findInAllTables, tableNames, type Occurrence } from '../../tests/support/table-scan.js';

/**
 * Rows that may still mention an erased person, by table, with the reason. Add a table here only with a reason a
 * data-protection review would accept.
 */
const RETAINED_AFTER_ERASURE: Record<string, { reason: string; allows: (o: Occurrence, userId: string) => boolean }> = {
  audit_events: {
    reason: 'the erasure record proves the deletion was carried out; it names only the (now dangling) user id',
    allows: (o, userId) => o.row['action'] === 'user.deleted' && o.row['subject_id'] === userId && o.needle === userId,
  },
};

/** Tables the erasure is known to cover; a table missing here fails the test until someone decides. */
const KNOWN_TABLES = [
  'account_lockouts', // failure counts: deleted with the user
  'alerts', // incidents stay, the person's id is taken out of them (scanned below)
  'api_keys',
  'attempts',
  'audit_events',
  'capture_observations', // quality statistics for drift: no person or capture id
  'captures',
  'client_lockouts', // failure counts per client address: cascade with the user
  'device_keys', // the possession factor's public key: cascades with the user (a row is planted below)
  'drift_reports', // per tenant and model version
  'enrollments',
  // Events Pub/Sub did not take yet (migration 0011): the person's id is scrubbed, or the event dropped where its
  // contract needs the id (rows planted below).
  'event_outbox',
  'login_challenges', // nonces, no person
  // OpenID Provider sessions, grants, codes and tokens (migration 0012) naming the account, and every document of
  // their grants, are deleted (rows planted below).
  'oidc_payloads',
  'passkeys', // WebAuthn credentials (migration 0014): cascade with the user (a row is planted below)
  'rate_counters', // per client IP and API key, no person
  'template_changes', // the 1:N index's change log: erasure removes the person's rows, logs a one-way key only
  'templates',
  'tenant_model_settings', // per tenant, no person
  'tenants',
  'users',
];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

export function userErasureScenarios(
  label: string,
  withDatabase: (run: (url: string) => Promise<void>) => Promise<void>,
) {
  describe(`user erasure on ${label}`, () => {
    let engine: LoadedFaceEngine;
    let fx: FaceFixtures;
    let real: RealStack;
    const hooks: { beforeAnalyze?: () => Promise<void> } = {};
    let release: () => void = () => {};
    let finished: Promise<void> = Promise.resolve();

    beforeAll(async () => {
      engine = await createFaceEngine();
      fx = await faceFixtures(engine);
      // The engine as the composition sees it, with a hook to act in the middle of an embed step.
      const gated = new Proxy(engine, {
        get(target, prop, receiver) {
          if (prop === 'analyze') {
            return async (...args: Parameters<LoadedFaceEngine['analyze']>) => {
              await hooks.beforeAnalyze?.();
              return target.analyze(...args);
            };
          }
          const value: unknown = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      let ready!: () => void;
      const opened = new Promise<void>((resolve) => (ready = resolve));
      finished = withDatabase(async (url) => {
        real = await openRealStack(url, gated);
        ready();
        await new Promise<void>((resolve) => (release = resolve));
        await real.close();
      });
      await opened;
    });

    afterAll(async () => {
      release();
      await finished;
    });

    /** Every occurrence of the needles that no RETAINED_AFTER_ERASURE rule allows. */
    async function leftovers(userId: string, needles: string[]) {
      const found = await findInAllTables(real.raw, needles);
      return found
        .filter((o) => !RETAINED_AFTER_ERASURE[o.table]?.allows(o, userId))
        .map((o) => `${o.table}.${o.column} holds ${o.needle}`);
    }

    async function idsOf(userId: string): Promise<string[]> {
      const ids: string[] = [];
      for (const table of ['enrollments', 'captures', 'templates'] as const) {
        const rows = await real.raw.db.selectFrom(table).select('id').where('user_id', '=', userId).execute();
        ids.push(...rows.map((r) => r.id));
      }
      return ids;
    }

    it('knows every table of the schema (a new table must be checked here first)', async () => {
      expect(await tableNames(real.raw)).toEqual(KNOWN_TABLES);
    });

    it('erases a person from every table and the blob store, and keeps everyone else', async () => {
      const { a, b, call } = real;
      const person = { username: 'alice-erasure', displayName: 'Alice Erasure', email: 'alice.erasure@example.com' };
      const rejected = await real.enroll(a, person.username, fx.noFace, person);
      expect(rejected.status).toBe('rejected');
      const alice = await real.enroll(a, person.username, fx.personA, person);
      expect(alice).toMatchObject({ status: 'active', userId: rejected.userId });
      const bob = await real.enroll(a, 'bob-stays', fx.personB);
      const carol = await real.enroll(b, 'carol-in-b', fx.personA);
      expect([bob.status, carol.status]).toEqual(['active', 'active']);

      const image = (photo: Buffer) => photo.toString('base64');
      const granted = await call('POST', '/v1/verify', {
        key: a.clientKey,
        json: { username: person.username, image: image(fx.personAAgain) },
      });
      expect(granted.body).toMatchObject({ decision: 'granted', userId: alice.userId });
      await call('POST', '/v1/verify', {
        key: a.clientKey,
        json: { username: person.username, image: image(fx.personC) },
      });
      expect(
        (await call('POST', '/v1/identify', { key: a.clientKey, json: { image: image(fx.personAAgain) } })).body,
      ).toMatchObject({ userId: alice.userId });
      const attemptsBefore = await real.raw.db.selectFrom('attempts').select('id').execute();
      // A registered device key (possession factor), planted directly so the scan covers that table too.
      await sql`insert into device_keys (id, tenant_id, user_id, public_jwk, created_at)
        values (${'dk_alice_erasure'}, ${a.tenantId}, ${alice.userId}, ${JSON.stringify({ kty: 'EC', note: person.email })}, ${Date.now()})`.execute(
        real.raw.db,
      );
      await sql`insert into passkeys (id, tenant_id, user_id, credential_id, public_key, counter, transports, created_at)
        values (${'psk_alice_erasure'}, ${a.tenantId}, ${alice.userId}, ${'cred_alice_erasure'}, ${'cose'}, ${0}, ${'[]'}, ${Date.now()})`.execute(
        real.raw.db,
      );

      // Parked events (Pub/Sub was down) and OpenID Provider documents naming her, planted the same way.
      const park = (topic: string, payload: Record<string, unknown>) =>
        sql`insert into event_outbox (id, topic, tenant_id, payload, attempts, last_error, next_attempt_at, created_at)
          values (${String(payload['eventId'])}, ${topic}, ${a.tenantId}, ${JSON.stringify(payload)}, ${1}, ${'down'}, ${0}, ${Date.now()})`.execute(
          real.raw.db,
        );
      const attempted = { ...validEvents['auth.attempted.v1'](), tenantId: a.tenantId, userId: alice.userId };
      const enrolled = { ...validEvents['face.enrolled.v1'](), tenantId: a.tenantId, userId: alice.userId };
      const bobsEvent = { ...validEvents['face.enrolled.v1'](), tenantId: a.tenantId, userId: bob.userId };
      await park('auth.attempted.v1', attempted);
      await park('face.enrolled.v1', enrolled);
      await park('face.enrolled.v1', bobsEvent);
      const oidc = (model: string, id: string, grantId: string | null, payload: Record<string, unknown>) =>
        sql`insert into oidc_payloads (tenant_id, model, id, payload, grant_id, uid, user_code, expires_at, consumed_at)
          values (${a.tenantId}, ${model}, ${id}, ${JSON.stringify(payload)}, ${grantId}, ${null}, ${null}, ${null}, ${null})`.execute(
          real.raw.db,
        );
      await oidc('Session', 'sess_alice', null, { accountId: alice.userId, loginTs: 1 });
      await oidc('Grant', 'grant_alice', 'grant_alice', { accountId: alice.userId, clientId: 'rp' });
      // A refresh token of her grant that does not repeat the account: it goes with the grant.
      await oidc('RefreshToken', 'rt_alice', 'grant_alice', { clientId: 'rp', grantId: 'grant_alice' });
      await oidc('Session', 'sess_bob', null, { accountId: bob.userId, loginTs: 1 });

      const aliceIds = await idsOf(alice.userId);
      expect(aliceIds.length).toBeGreaterThanOrEqual(4); // two enrollments, a capture and a template
      const needles = [
        alice.userId,
        person.username,
        person.displayName,
        person.email,
        'dk_alice_erasure',
        'sess_alice',
        'grant_alice',
        'rt_alice',
        enrolled.eventId,
        'psk_alice_erasure',
        'cred_alice_erasure',
        ...aliceIds,
      ];
      expect((await leftovers(alice.userId, needles)).length).toBeGreaterThan(0); // the scan does see them

      expect((await call('DELETE', `/v1/users/${alice.userId}`, { key: a.operatorKey })).status).toBe(204);

      expect(await leftovers(alice.userId, needles)).toEqual([]);
      // Her attempt event is still published for the statistics, without her; bob's session and event are kept.
      const parked = await real.raw.db.selectFrom('event_outbox').select(['id', 'payload']).orderBy('id').execute();
      expect(parked.map((row) => row.id).sort()).toEqual([attempted.eventId, bobsEvent.eventId].sort());
      const { userId: _erased, ...attemptWithoutHer } = attempted;
      expect(JSON.parse(parked.find((row) => row.id === attempted.eventId)!.payload)).toEqual(attemptWithoutHer);
      expect(
        (await real.raw.db.selectFrom('oidc_payloads').select('id').where('tenant_id', '=', a.tenantId).execute()).map(
          (row) => row.id,
        ),
      ).toEqual(['sess_bob']);
      const erasure = await real.raw.db
        .selectFrom('audit_events')
        .selectAll()
        .where('subject_id', '=', alice.userId)
        .execute();
      expect(erasure.map((e) => e.action)).toEqual(['user.deleted']);
      const blobs = await filesUnder(path.join(real.dataDir, 'blobs'));
      expect(blobs.filter((f) => f.includes(alice.userId))).toEqual([]);
      // The attempts stay for the statistics, pointing at nobody.
      expect(await real.raw.db.selectFrom('attempts').select('id').execute()).toHaveLength(attemptsBefore.length);

      // Everyone else is untouched: bob in A, carol (same face) in B (an object and its metadata file each).
      expect(blobs.filter((f) => f.includes(bob.userId))).toHaveLength(2);
      expect(blobs.filter((f) => f.includes(carol.userId))).toHaveLength(2);
      expect(await real.stack.repos.forTenant(a.tenantId).templates.countByUser(bob.userId)).toBe(1);
      expect(await real.stack.repos.forTenant(b.tenantId).templates.countByUser(carol.userId)).toBe(1);
      expect(
        // The operator key: a client key is told only not_verified, whatever the account (client-decision.ts).
        (
          await call('POST', '/v1/verify', {
            key: a.operatorKey,
            json: { username: person.username, image: image(fx.personAAgain) },
          })
        ).body,
      ).toMatchObject({ decision: 'denied', reason: 'unknown_user' });
      expect(real.errors).toEqual([]);
    });

    it('an upload that arrives after the deletion resurrects nothing', async () => {
      const { a, call } = real;
      const started = await call('POST', '/v1/enrollments', { key: a.clientKey, json: { username: 'dave-late' } });
      const { userId, enrollmentId, upload } = started.body as {
        userId: string;
        enrollmentId: string;
        upload: { url: string };
      };
      expect((await call('DELETE', `/v1/users/${userId}`, { key: a.operatorKey })).status).toBe(204);

      // The signed URL is still within its lifetime: the upload is accepted and the embed step runs.
      const url = new URL(upload.url);
      await real.stack.localUploads?.receive({
        pathAndQuery: url.pathname + url.search,
        contentType: 'image/jpeg',
        contentLength: fx.personC.length,
        body: fx.personC,
      });
      await real.stack.idle();

      expect(await leftovers(userId, [userId, 'dave-late', enrollmentId])).toEqual([]);
      expect((await filesUnder(path.join(real.dataDir, 'blobs'))).filter((f) => f.includes(userId))).toEqual([]);
      expect(real.errors).toEqual([]);
    });

    it('a deletion while the photo is being embedded leaves nothing and needs no retry', async () => {
      const { a } = real;
      const operator = await real.stack.app.authenticate(`Bearer ${a.operatorKey}`);
      let erasedId = '';
      hooks.beforeAnalyze = async () => {
        hooks.beforeAnalyze = undefined;
        const user = await real.stack.repos.forTenant(a.tenantId).users.byUsername('erin-midway');
        erasedId = user?.id ?? '';
        // Called directly: the HTTP helper waits for in-flight work, which is this very embed step.
        await real.stack.app.deleteUser(operator, erasedId);
      };
      const erin = await real.enroll(a, 'erin-midway', fx.personC);
      expect(erasedId).toBe(erin.userId);
      expect(hooks.beforeAnalyze).toBeUndefined();

      expect(await leftovers(erin.userId, [erin.userId, 'erin-midway', erin.enrollmentId])).toEqual([]);
      expect((await filesUnder(path.join(real.dataDir, 'blobs'))).filter((f) => f.includes(erin.userId))).toEqual([]);
      expect(real.errors).toEqual([]);
    });
  });
}
