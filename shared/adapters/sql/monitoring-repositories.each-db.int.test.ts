/**
 * The monitoring repositories (attempt labels and facts, capture observations, drift reports, templates by
 * creation time) on SQLite and on the local MariaDB, through the same SQL layer.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachTestDatabase } from '../../../tests/support/test-databases.js';
import { TemplateCipher } from '../../crypto/template-cipher.js';
import type { NewAttempt, Repositories, TenantRepositories } from '../../ports/repositories.js';
import { InvalidInputError } from '../../ports/repository-errors.js';
import { createDatabase } from './create-database.js';
import { migrateToLatest } from './migrate.js';
import { createSqlRepositories } from './sql-repositories.js';

// SQLite in `npm test`, MariaDB in `npm run test:services` (tests/support/test-suites.ts).
const databases = eachTestDatabase('fg-mon-');

describe.each(databases)('monitoring repositories on %s', (_name, withDatabase) => {
  let repos: Repositories;
  let now = 1_750_000_000_000;
  let release: () => void;
  let done: Promise<void>;

  beforeAll(async () => {
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    done = withDatabase(async (url) => {
      const database = await createDatabase({ url });
      await migrateToLatest(database);
      const cipher = new TemplateCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } });
      repos = createSqlRepositories(database, { cipher, now: () => now });
      ready();
      await new Promise<void>((r) => (release = r));
      await database.close();
    });
    // An unreachable database rejects `done` before `started`: fail now with its message, not at the hook timeout.
    await Promise.race([started, done]);
  });

  afterAll(async () => {
    release?.();
    await done;
  });

  async function tenant(): Promise<TenantRepositories> {
    return repos.forTenant((await repos.tenants.create({ name: 't' })).id);
  }

  const attempt = (over: Partial<NewAttempt> = {}): NewAttempt => ({
    kind: 'verify',
    outcome: 'granted',
    score: 0.7,
    threshold: 0.4,
    reason: null,
    latencyMs: 90,
    stageLatencies: { detect: 30, total: 85 },
    modelVersion: 'm1',
    clientIp: null,
    userAgent: null,
    userId: 'usr_1',
    claimedUsername: 'alice',
    ...over,
  });

  it('stores quality features and the liveness score with an attempt', async () => {
    const t = await tenant();
    const stored = await t.attempts.add(attempt({ quality: { brightness: 120.5, yaw: -3 }, livenessScore: 0.93 }));
    expect(await t.attempts.get(stored.id)).toMatchObject({
      quality: { brightness: 120.5, yaw: -3 },
      livenessScore: 0.93,
      label: null,
    });
    const bare = await t.attempts.add(attempt());
    expect(await t.attempts.get(bare.id)).toMatchObject({ quality: null, livenessScore: null });
  });

  it('labels an attempt, relabels it, and finds nothing in another tenant', async () => {
    const t = await tenant();
    const other = await tenant();
    const a = await t.attempts.add(attempt());
    now += 1000;
    expect((await t.attempts.label(a.id, { label: 'fraud', note: 'photo of a photo', by: 'key_1' }))?.label).toEqual({
      label: 'fraud',
      note: 'photo of a photo',
      by: 'key_1',
      at: now,
    });
    // The same label again changes no column on MySQL; the attempt is still found.
    expect((await t.attempts.label(a.id, { label: 'fraud', note: 'photo of a photo', by: 'key_1' }))?.id).toBe(a.id);
    expect((await t.attempts.label(a.id, { label: 'genuine', by: 'key_2' }))?.label).toMatchObject({
      label: 'genuine',
      note: null,
      by: 'key_2',
    });
    expect(await other.attempts.label(a.id, { label: 'impostor', by: 'key_x' })).toBeNull();
    expect((await t.attempts.get(a.id))?.label?.label).toBe('genuine');
    await expect(t.attempts.label(a.id, { label: 'maybe' as never, by: 'k' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });

  it('reads the facts of a window oldest first, at most limit + 1 rows, own tenant only', async () => {
    const t = await tenant();
    const other = await tenant();
    const start = now;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      now = start + i * 1000;
      ids.push((await t.attempts.add(attempt({ outcome: i % 3 === 0 ? 'denied' : 'granted', latencyMs: i }))).id);
      await other.attempts.add(attempt());
    }
    await t.attempts.label(ids[3]!, { label: 'genuine', by: 'k' });
    const facts = await t.attempts.facts({ since: start + 2000, until: start + 9000, limit: 100 });
    expect(facts.map((f) => f.id)).toEqual(ids.slice(2, 9));
    expect(facts[1]).toMatchObject({
      outcome: 'denied',
      label: 'genuine',
      latencyMs: 3,
      stageLatencies: { total: 85 },
    });
    expect(await t.attempts.facts({ since: start, until: start + 60_000, limit: 5 })).toHaveLength(6);
  });

  it('stores an observation once per event id and lists a model window in time order', async () => {
    const t = await tenant();
    const base = {
      kind: 'verify' as const,
      outcome: 'granted' as const,
      modelVersion: 'm1',
      features: { brightness: 110.25, sharpness: 300 },
      score: 0.66,
      livenessScore: null,
    };
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}-${t.tenantId.slice(-6)}`;
    expect(await t.captureObservations.add({ ...base, id: id(1), observedAt: 3000 })).toBe(true);
    expect(await t.captureObservations.add({ ...base, id: id(1), observedAt: 3000 })).toBe(false);
    await t.captureObservations.add({ ...base, id: id(2), observedAt: 1000 });
    await t.captureObservations.add({ ...base, id: id(3), observedAt: 2000, modelVersion: 'm2' });
    await t.captureObservations.add({ ...base, id: id(4), observedAt: 9000 });
    const listed = await t.captureObservations.list({ modelVersion: 'm1', since: 0, until: 5000, limit: 10 });
    expect(listed.map((o) => o.id)).toEqual([id(2), id(1)]);
    expect(listed[1]).toMatchObject({ features: { brightness: 110.25, sharpness: 300 }, score: 0.66, kind: 'verify' });
    expect(
      await (await tenant()).captureObservations.list({ modelVersion: 'm1', since: 0, until: 1e13, limit: 10 }),
    ).toEqual([]);
    await expect(
      t.captureObservations.add({ ...base, id: id(5), observedAt: 1, features: { brightness: Number.NaN } }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('appends drift reports and pages them newest first', async () => {
    const t = await tenant();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      now += 1000;
      const r = await t.driftReports.add({
        modelVersion: 'm1',
        status: i === 2 ? 'drift' : 'stable',
        severity: i === 2 ? 'alert' : null,
        window: { start: 10, end: 20, count: 40 + i },
        reference: { start: 0, end: 10, count: 300 },
        moved: i === 2 ? ['brightness'] : [],
        features: [{ feature: 'brightness', referenceCount: 300, recentCount: 40, psi: 0.5, moved: i === 2 }],
      });
      ids.push(r.id);
    }
    const first = await t.driftReports.list({ limit: 3 });
    expect(first.items.map((r) => r.id)).toEqual(ids.slice(2).reverse());
    expect(first.items[2]).toMatchObject({ status: 'drift', severity: 'alert', moved: ['brightness'] });
    const second = await t.driftReports.list({ limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((r) => r.id)).toEqual(ids.slice(0, 2).reverse());
    expect(second.nextCursor).toBeUndefined();
  });

  it('lists the templates of a model created in a window, decrypted', async () => {
    const t = await tenant();
    const user = await t.users.create({ username: 'bob' });
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      now += 1000;
      const capture = await t.captures.create({
        userId: user.id,
        kind: 'enroll',
        blobPath: `tenants/${t.tenantId}/users/${user.id}/enroll/c${i}.jpg`,
        generation: '1',
        contentType: 'image/jpeg',
        sizeBytes: 10,
      });
      const embedding = Float32Array.from({ length: 8 }, (_, d) => i + d / 10);
      made.push(
        (
          await t.templates.add({
            userId: user.id,
            captureId: capture.value.id,
            modelVersion: 'm1',
            embedding,
            qualityScore: 0.9,
          })
        ).value.id,
      );
    }
    const window = await t.templates.listCreatedBetween({
      modelVersion: 'm1',
      since: now - 1500,
      until: now + 1,
      limit: 10,
    });
    expect(window.map((x) => x.id)).toEqual(made.slice(1));
    expect(window[1]?.embedding[0]).toBe(2);
    expect(await t.templates.listCreatedBetween({ modelVersion: 'm2', since: 0, until: now + 1, limit: 10 })).toEqual(
      [],
    );
  });
});
