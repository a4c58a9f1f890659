/**
 * The core loop on real parts: real models, real images, the SQL repositories on SQLite and on MariaDB, local blob
 * store with signed uploads, in-process events. enroll -> signed upload -> embed -> verify -> identify.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildComposition, type Composition } from '../compose.js';
import { createTenantWithKeys, type DevCredentials } from '../local/demo-tenant.js';
import { createFaceEngine, type LoadedFaceEngine } from '../face/create-face-engine.js';
import { faceFixtures, type FaceFixtures } from '../../tests/support/face-fixtures.js';
import { silentLogger } from './logger.js';
import { AppError } from './app-error.js';
import type { Principal } from './facegate-app.js';
import { eachTestDatabase } from '../../tests/support/test-databases.js';
import { uploadPhoto } from '../../tests/support/scripted-stack.js';

let engine: LoadedFaceEngine;
let fx: FaceFixtures;

beforeAll(async () => {
  engine = await createFaceEngine();
  fx = await faceFixtures(engine);
});

// SQLite in `npm test`, MariaDB in `npm run test:services` (tests/support/test-suites.ts).
const databases = eachTestDatabase('fg-sqlite-');

describe.each(databases)('FaceGateService on %s', (_name, withDatabase) => {
  let stack: Composition;
  let dataDir: string;
  let tenantA: DevCredentials;
  let tenantB: DevCredentials;
  let clientA: Principal;
  let operatorA: Principal;
  let clientB: Principal;
  let release: () => void;
  let done: Promise<void>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fg-stack-'));
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    done = withDatabase(async (url) => {
      stack = await buildComposition(
        { FACEGATE_DATA_DIR: dataDir, FACEGATE_DB_URL: url, FACEGATE_PUBLIC_URL: 'http://localhost:9999' },
        { engine, log: silentLogger },
      );
      ready();
      await new Promise<void>((r) => (release = r));
      await stack.close();
    });
    // An unreachable database rejects `done` before `started`: fail now with its message, not at the hook timeout.
    await Promise.race([started, done]);
    tenantA = await createTenantWithKeys(stack.repos, 'A');
    tenantB = await createTenantWithKeys(stack.repos, 'B');
    clientA = await stack.app.authenticate(`Bearer ${tenantA.clientKey}`);
    operatorA = await stack.app.authenticate(`Bearer ${tenantA.operatorKey}`);
    clientB = await stack.app.authenticate(`Bearer ${tenantB.clientKey}`);
  });

  afterAll(async () => {
    release?.();
    await done;
    await rm(dataDir, { recursive: true, force: true });
  });

  async function enroll(principal: Principal, username: string, photo: Buffer) {
    const started = await stack.app.startEnrollment(principal, { username });
    await uploadPhoto(stack, started.upload.url, photo);
    return { started, status: await stack.app.getEnrollment(principal, started.enrollmentId) };
  }

  it('enrolls through a signed upload and verifies the same person, denying another', async () => {
    const a = await enroll(clientA, 'alice', fx.personA);
    expect(a.status).toMatchObject({ status: 'active', userId: a.started.userId });
    const b = await enroll(clientA, 'bob', fx.personB);
    expect(b.status.status).toBe('active');

    const same = await stack.app.verify(clientA, { username: 'alice', image: fx.personAAgain });
    expect(same.decision).toBe('granted');
    expect(same.score).toBeGreaterThanOrEqual(same.threshold);
    expect(same.token).toMatch(/^eyJ/);
    const claims: unknown = JSON.parse(Buffer.from(same.token!.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ sub: a.started.userId, tenant: tenantA.tenantId });

    const other = await stack.app.verify(clientA, { username: 'alice', image: fx.personB });
    expect(other).toMatchObject({ decision: 'denied', reason: 'no_match' });
    expect(other.token).toBeUndefined();

    // Two users are far from the 30 a gallery needs to calibrate itself: the version's global threshold applies,
    // and the operator sees where it comes from and the gallery it rests on (self-calibration).
    const metrics = await stack.app.metrics(operatorA, {});
    expect(metrics.calibration).toMatchObject({
      threshold: same.threshold,
      source: 'global',
      users: 2,
      impostorScores: 1,
      minUsers: 30,
      galleryThreshold: null,
    });
    expect(metrics.calibration!.farUpper95).toBeGreaterThan(0);
  });

  it('identifies the enrolled person with a margin, and denies a stranger', async () => {
    const found = await stack.app.identify(clientA, { image: fx.personAAgain });
    expect(found).toMatchObject({ decision: 'granted', username: 'alice' });
    const stranger = await stack.app.identify(clientA, { image: fx.personC });
    expect(stranger.decision).toBe('denied');
  });

  it('makes one template from a redelivered finalize event', async () => {
    const r = await enroll(clientA, 'carol', fx.personC);
    expect(r.status.status).toBe('active');
    const repos = stack.repos.forTenant(tenantA.tenantId);
    const [capture] = await repos.captures.listByUser(r.started.userId);
    await stack.app.onObjectFinalized({
      name: capture!.blobPath,
      generation: capture!.generation,
      contentType: 'image/jpeg',
      size: capture!.sizeBytes,
    });
    await stack.app.onObjectFinalized({
      name: capture!.blobPath,
      generation: capture!.generation,
      contentType: 'image/jpeg',
      size: capture!.sizeBytes,
    });
    expect(await repos.templates.countByUser(r.started.userId)).toBe(1);
  });

  it('rejects bad enrollment captures with a reason and stores no template', async () => {
    for (const [name, photo, reason] of [
      ['nophoto', fx.notAnImage, 'not_an_image'],
      ['noface', fx.noFace, 'no_face'],
      ['twofaces', fx.twoPeople, 'multiple_faces'],
    ] as const) {
      const r = await enroll(clientA, name, photo);
      expect(r.status).toMatchObject({ status: 'rejected', reason });
      expect(await stack.repos.forTenant(tenantA.tenantId).templates.countByUser(r.started.userId)).toBe(0);
    }
  });

  it('refuses a second enrollment of an already enrolled face under another name', async () => {
    const r = await enroll(clientA, 'alice-again', fx.personAAgain);
    expect(r.status).toMatchObject({ status: 'rejected', reason: 'duplicate_face' });
  });

  it("keeps tenants apart: B can neither read A's enrollments nor verify against A's users", async () => {
    const a = await stack.repos.forTenant(tenantA.tenantId).users.byUsername('alice');
    await expect(
      stack.app.getEnrollment(
        clientB,
        (await stack.repos.forTenant(tenantA.tenantId).enrollments.listByUser(a!.id))[0]!.id,
      ),
    ).rejects.toMatchObject({ status: 404 });
    const v = await stack.app.verify(clientB, { username: 'alice', image: fx.personAAgain });
    expect(v).toMatchObject({ decision: 'denied', reason: 'unknown_user' });
    const i = await stack.app.identify(clientB, { image: fx.personAAgain });
    expect(i.decision).toBe('denied');
    await expect(
      stack.app.deleteUser(await stack.app.authenticate(`Bearer ${tenantB.operatorKey}`), a!.id),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('refuses bytes that are not an image at verify with 422 and unknown keys with 401', async () => {
    await expect(stack.app.verify(clientA, { username: 'alice', image: fx.notAnImage })).rejects.toMatchObject({
      status: 422,
      code: 'not_an_image',
    });
    await expect(stack.app.authenticate('Bearer fgk_nope')).rejects.toBeInstanceOf(AppError);
    await expect(stack.app.authenticate(undefined)).rejects.toMatchObject({ status: 401 });
  });

  it("lists a tenant's own attempts to operators, filtered and newest first", async () => {
    await stack.app.verify(clientA, { username: 'nobody-here', image: fx.personB });
    await expect(stack.app.listAttempts(clientA, {})).rejects.toMatchObject({ status: 403 });
    await expect(stack.app.listAttempts(operatorA, { limit: 0 })).rejects.toMatchObject({ status: 400 });
    const { attempts } = await stack.app.listAttempts(operatorA, { outcome: 'denied', kind: 'verify' });
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((a) => a.outcome === 'denied' && a.kind === 'verify')).toBe(true);
    expect(attempts[0]).toMatchObject({ claimedUsername: 'nobody-here', reason: 'unknown_user', userId: null });
    const times = attempts.map((a) => Date.parse(a.createdAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const operatorB = await stack.app.authenticate(`Bearer ${tenantB.operatorKey}`);
    const seenByB = await stack.app.listAttempts(operatorB, {});
    expect(seenByB.attempts.map((a) => a.id)).not.toContain(attempts[0]!.id);
  });

  it('lets only operators list and delete users; deletion removes templates, captures and blobs', async () => {
    await expect(stack.app.listUsers(clientA, {})).rejects.toMatchObject({ status: 403 });
    const { users } = await stack.app.listUsers(operatorA, { search: 'bob' });
    expect(users.map((u) => u.username)).toEqual(['bob']);
    expect(users[0]).toMatchObject({ status: 'active', templates: 1 });
    const bob = users[0]!;
    const repos = stack.repos.forTenant(tenantA.tenantId);
    const [capture] = await repos.captures.listByUser(bob.userId);
    expect(await stack.blobs.exists(capture!.blobPath)).toBe(true);
    await stack.app.deleteUser(operatorA, bob.userId);
    expect(await repos.users.byId(bob.userId)).toBeNull();
    expect(await repos.templates.countByUser(bob.userId)).toBe(0);
    expect(await stack.blobs.exists(capture!.blobPath)).toBe(false);
    const v = await stack.app.verify(clientA, { username: 'bob', image: fx.personB });
    expect(v).toMatchObject({ decision: 'denied', reason: 'unknown_user' });
  });
});
