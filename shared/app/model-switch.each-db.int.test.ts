/**
 * Switching a tenant from one embedder version to another with real models (frn128-v1 -> frn128-flip-v1), real
 * photos and the SQL repositories on SQLite and on MariaDB: nobody is locked out before, during (half re-embedded,
 * both versions stored) or after the switch, and verify compares only templates of the active version, at that
 * version's threshold from models/manifest.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildComposition, type Composition } from '../compose.js';
import { createTenantWithKeys, type DevCredentials } from '../local/demo-tenant.js';
import { createFaceEngine, type LoadedFaceEngine } from '../face/create-face-engine.js';
import { readModelManifest } from '../face/models/model-manifest.js';
import { distinctPeople, type Person } from '../../tests/support/people-fixtures.js';
import { eachTestDatabase } from '../../tests/support/test-databases.js';
import { silentLogger } from './logger.js';
import type { Principal } from './facegate-app.js';
import { TARGET_FAR } from './model-thresholds.js';
import { activateModelVersion } from './use-cases/activate-model-version.js';
import { modelStatus } from './use-cases/model-status.js';
import { reembedTemplates, type ReembedProgress } from './use-cases/reembed-templates.js';
import { uploadPhoto } from '../../tests/support/scripted-stack.js';

const FROM = 'frn128-v1';
const TO = 'frn128-flip-v1';

let engine: LoadedFaceEngine;
let people: Person[];

beforeAll(async () => {
  engine = await createFaceEngine({ embedder: TO });
  people = await distinctPeople(engine);
});

function calibrated(version: string): number {
  const threshold = readModelManifest().embedders[version]?.thresholds[TARGET_FAR];
  if (threshold === undefined) throw new Error(`${version} has no calibrated threshold in the manifest`);
  return threshold;
}

// SQLite in `npm test`, MariaDB in `npm run test:services` (tests/support/test-suites.ts).
const databases = eachTestDatabase('fg-sqlite-');

describe.each(databases)('switching embedder versions on %s', (_name, withDatabase) => {
  let stack: Composition;
  let dataDir: string;
  let tenant: DevCredentials;
  let client: Principal;
  let operator: Principal;
  let release: () => void;
  let done: Promise<void>;
  /** The first four people enroll before the re-embed, the fifth while it runs; the sixth is kept for the end. */
  const enrolled: { person: Person; userId: string }[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fg-switch-'));
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    done = withDatabase(async (url) => {
      stack = await buildComposition(
        {
          FACEGATE_DATA_DIR: dataDir,
          FACEGATE_DB_URL: url,
          FACEGATE_PUBLIC_URL: 'http://localhost:9999',
          // This is about embedder versions: liveness is recorded, not decided (spoof-decision tests cover that),
          // so a synthetic recapture the PAD model doubts cannot stand in front of the reason under test.
          FACEGATE_PAD_MODE: 'observe',
        },
        { engine, log: silentLogger },
      );
      ready();
      await new Promise<void>((r) => (release = r));
      await stack.close();
    });
    // An unreachable database rejects `done` before `started`: fail now with its message, not at the hook timeout.
    await Promise.race([started, done]);
    tenant = await createTenantWithKeys(stack.repos, 'switch');
    client = await stack.app.authenticate(`Bearer ${tenant.clientKey}`);
    operator = await stack.app.authenticate(`Bearer ${tenant.operatorKey}`);
  });

  afterAll(async () => {
    release?.();
    await done;
    await rm(dataDir, { recursive: true, force: true });
  });

  async function enroll(person: Person) {
    const started = await stack.app.startEnrollment(client, { username: person.name });
    await uploadPhoto(stack, started.upload.url, person.enroll);
    const status = await stack.app.getEnrollment(client, started.enrollmentId);
    expect(status, person.name).toMatchObject({ status: 'active' });
    enrolled.push({ person, userId: started.userId });
    return started.userId;
  }

  const versionsOf = async (userId: string) =>
    (await stack.repos.forTenant(tenant.tenantId).templates.listCoverage())
      .filter((c) => c.userId === userId)
      .map((c) => c.modelVersion)
      .sort();

  /** Every enrolled person logs in with a new photo: granted at `version`'s threshold, recorded as `version`. */
  async function everyoneVerifies(version: string) {
    for (const { person, userId } of enrolled) {
      const result = await stack.app.verify(client, { username: person.name, image: person.again });
      expect(result, person.name).toMatchObject({ decision: 'granted', userId, threshold: calibrated(version) });
      const claims = JSON.parse(Buffer.from(result.token!.split('.')[1]!, 'base64url').toString()) as object;
      expect(claims).toMatchObject({ model: version });
    }
    const { attempts } = await stack.app.listAttempts(operator, { kind: 'verify', limit: enrolled.length });
    expect(attempts.map((a) => a.modelVersion)).toEqual(enrolled.map(() => version));
    const found = await stack.app.identify(client, { image: enrolled[0]!.person.again });
    expect(found).toMatchObject({ decision: 'granted', userId: enrolled[0]!.userId });
  }

  it('refuses an unknown version or tenant with typed errors and changes nothing', async () => {
    const tenantId = tenant.tenantId;
    await expect(reembedTemplates(stack.deps, { tenantId, to: 'frn999' })).rejects.toMatchObject({
      status: 400,
      code: 'unknown_model_version',
    });
    await expect(activateModelVersion(stack.deps, { tenantId, to: 'frn999', actor: 'test' })).rejects.toMatchObject({
      status: 400,
      code: 'unknown_model_version',
    });
    await expect(reembedTemplates(stack.deps, { tenantId: 'ten_missing', to: TO })).rejects.toMatchObject({
      status: 404,
    });
    await expect(modelStatus(stack.deps, 'ten_missing')).rejects.toMatchObject({ status: 404 });
    expect(await stack.repos.forTenant(tenantId).modelSettings.get()).toBeNull();
  });

  it(`before: the tenant runs on ${FROM} and everyone enrolled under it verifies`, async () => {
    // No one is enrolled yet, so nobody lacks a template of the version switched to.
    await activateModelVersion(stack.deps, { tenantId: tenant.tenantId, to: FROM, actor: 'test' });
    for (const person of people.slice(0, 4)) await enroll(person);
    for (const { userId } of enrolled) expect(await versionsOf(userId)).toEqual([FROM]);
    await everyoneVerifies(FROM);
    expect(calibrated(FROM)).not.toBe(calibrated(TO));
  });

  it('during: half re-embedded, both versions coexist, new enrollments get both, and the switch is refused', async () => {
    const half = await reembedTemplates(stack.deps, { tenantId: tenant.tenantId, to: TO, maxCaptures: 2 });
    expect(half).toMatchObject({ from: FROM, to: TO, users: 4, captures: 4, skipped: 0, embedded: 2, failures: [] });
    expect(half.usersMissing).toHaveLength(2);
    expect(await modelStatus(stack.deps, tenant.tenantId)).toMatchObject({
      activeVersion: FROM,
      reembedTarget: TO,
      usersByVersion: { [FROM]: 4, [TO]: 2 },
    });

    // Enrolled while the re-embed runs: a template of the active version and of the target.
    const late = await enroll(people[4]!);
    expect(await versionsOf(late)).toEqual([FROM, TO].sort());

    await everyoneVerifies(FROM);
    await expect(
      activateModelVersion(stack.deps, { tenantId: tenant.tenantId, to: TO, actor: 'test' }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'reembed_incomplete',
      extra: { details: { usersMissing: half.usersMissing } },
    });
    expect((await modelStatus(stack.deps, tenant.tenantId)).activeVersion).toBe(FROM);
  });

  it('resumes where it stopped, then has nothing left to do', async () => {
    const progress: ReembedProgress[] = [];
    const rest = await reembedTemplates(stack.deps, {
      tenantId: tenant.tenantId,
      to: TO,
      onProgress: (p) => progress.push(p),
    });
    expect(rest).toMatchObject({ users: 5, captures: 5, skipped: 3, embedded: 2, failures: [], usersMissing: [] });
    expect(progress).toEqual([
      { done: 1, total: 2, failed: 0 },
      { done: 2, total: 2, failed: 0 },
    ]);
    const again = await reembedTemplates(stack.deps, { tenantId: tenant.tenantId, to: TO });
    expect(again).toMatchObject({ skipped: 5, embedded: 0, usersMissing: [] });
    const coverage = await stack.repos.forTenant(tenant.tenantId).templates.listCoverage();
    expect(coverage.filter((c) => c.modelVersion === TO)).toHaveLength(5);
    await everyoneVerifies(FROM);
  });

  it(`after: switched to ${TO}, everyone verifies at its threshold, against its templates only`, async () => {
    expect(await activateModelVersion(stack.deps, { tenantId: tenant.tenantId, to: TO, actor: 'test' })).toEqual({
      from: FROM,
      to: TO,
    });
    expect(await modelStatus(stack.deps, tenant.tenantId)).toMatchObject({ activeVersion: TO, reembedTarget: null });
    await everyoneVerifies(TO);

    // Someone with templates of the old version only is not compared at all once the tenant has switched.
    const repos = stack.repos.forTenant(tenant.tenantId);
    const person = people[5]!;
    const user = await repos.users.create({ username: person.name });
    const capture = await repos.captures.create({
      userId: user.id,
      kind: 'enroll',
      blobPath: `tenants/${tenant.tenantId}/users/${user.id}/enroll/old.jpg`,
      generation: '1',
      contentType: 'image/jpeg',
      sizeBytes: person.enroll.length,
    });
    const old = await (await stack.engines.get(FROM)).analyze(person.enroll);
    await repos.templates.add({
      userId: user.id,
      captureId: capture.value.id,
      modelVersion: FROM,
      embedding: old.primary!.embedding!,
      qualityScore: 1,
    });
    const result = await stack.app.verify(client, { username: person.name, image: person.again });
    expect(result).toMatchObject({ decision: 'denied', reason: 'not_enrolled' });
  });
});
