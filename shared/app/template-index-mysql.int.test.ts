/**
 * The 1:N index across instances: two app instances (each its own connection pool, repositories and TemplateIndex)
 * on one database, SQLite and MariaDB. Changes made through one instance (an enrollment, a user deleted, a capture
 * deleted) reach the other's identify search within its refresh interval, by re-reading only the changed users:
 * one full load per instance, never a reload.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDatabase, createSqlRepositories, migrateToLatest, type SqlDatabase } from '../adapters/sql/index.js';
import { TemplateCipher } from '../crypto/template-cipher.js';
import type { Repositories, TenantRepositories } from '../ports/repositories.js';
import { TemplateIndex } from './template-index.js';
import { withMysqlDatabase } from '../../tests/support/mysql-database.js';

const DIMS = 128;
const REFRESH_MS = 5_000;
const MODEL = 'm1';

/** Deterministic, well separated unit vectors: person i's template is (nearly) only close to itself. */
function embeddingOf(i: number): Float32Array {
  let x = 0x9e3779b9 ^ (i * 2654435761);
  const v = Float32Array.from({ length: DIMS }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0xffffffff - 0.5;
  });
  const n = Math.hypot(...v);
  return v.map((a) => a / n);
}

interface Instance {
  db: SqlDatabase;
  repos: Repositories;
  index: TemplateIndex;
}

async function scenario(url: string): Promise<void> {
  let now = 1_700_000_000_000;
  const clock = () => now;
  const cipher = new TemplateCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } });
  const open = async (): Promise<Instance> => {
    const db = await createDatabase({ url });
    const repos = createSqlRepositories(db, { cipher, now: clock });
    return { db, repos, index: new TemplateIndex(repos, clock, REFRESH_MS) };
  };
  const a = await open();
  await migrateToLatest(a.db);
  const b = await open();
  try {
    const tenant = await a.repos.tenants.create({ name: 'index tenant' });
    const ta = a.repos.forTenant(tenant.id);
    const enroll = async (t: TenantRepositories, i: number) => {
      const user = await t.users.create({ username: `person-${i}` });
      const capture = await t.captures.create({
        userId: user.id,
        kind: 'enroll',
        blobPath: `tenants/${t.tenantId}/users/${user.id}/enroll/${i}`,
        generation: '1',
        contentType: 'image/jpeg',
        sizeBytes: 1000,
      });
      await t.templates.add({
        userId: user.id,
        captureId: capture.value.id,
        modelVersion: MODEL,
        embedding: embeddingOf(i),
        qualityScore: 0.9,
      });
      return { user, capture: capture.value };
    };
    const people = [];
    for (let i = 0; i < 20; i++) people.push(await enroll(ta, i));
    // The tenant was populated a while ago; what follows happens now.
    now += 10 * 60_000;
    const best = async (x: Instance, i: number) =>
      (await x.index.matrix(tenant.id, MODEL, DIMS)).search(embeddingOf(i), 'euclidean', 1).hits[0];

    // Both instances load once and find person 3.
    expect((await best(a, 3))?.userId).toBe(people[3]!.user.id);
    expect((await best(b, 3))?.userId).toBe(people[3]!.user.id);
    expect((await b.index.matrix(tenant.id, MODEL, DIMS)).count).toBe(20);

    // A new enrollment through A: B sees it once its refresh interval has passed.
    const late = await enroll(ta, 20);
    expect((await best(b, 20))?.userId).not.toBe(late.user.id);
    now += REFRESH_MS;
    expect((await best(b, 20))?.userId).toBe(late.user.id);

    // Person 3 deleted through A (the erasure path): gone from B's search within the interval.
    expect(await ta.users.delete(people[3]!.user.id)).toBe(true);
    now += REFRESH_MS;
    expect((await best(b, 3))?.userId).not.toBe(people[3]!.user.id);
    // A capture deleted through A takes its template with it on B too.
    expect(await ta.captures.delete(people[5]!.capture.id)).toBe(true);
    now += REFRESH_MS;
    const matrixB = await b.index.matrix(tenant.id, MODEL, DIMS);
    expect(matrixB.count).toBe(19);
    expect(matrixB.search(embeddingOf(5), 'euclidean', 25).hits.map((h) => h.userId)).not.toContain(people[5]!.user.id);
    // A's own index follows the same log.
    now += REFRESH_MS;
    expect((await a.index.matrix(tenant.id, MODEL, DIMS)).count).toBe(19);

    // One full load each; B re-read only the 3 changed users (again within the commit look-back), never the tenant.
    expect(b.index.stats.loads).toBe(1);
    expect(a.index.stats.loads).toBe(1);
    expect(b.index.stats.refreshes).toBeGreaterThanOrEqual(3);
    expect(b.index.stats.usersReread).toBeGreaterThanOrEqual(3);
    expect(b.index.stats.usersReread).toBeLessThanOrEqual(9);

    // The same answers as a fresh load from the database.
    const fresh = new TemplateIndex(b.repos, clock, REFRESH_MS);
    const reloaded = await fresh.matrix(tenant.id, MODEL, DIMS);
    for (const i of [0, 7, 19, 20]) {
      expect(matrixB.search(embeddingOf(i), 'euclidean', 3)).toEqual(reloaded.search(embeddingOf(i), 'euclidean', 3));
    }
  } finally {
    await a.db.close();
    await b.db.close();
  }
}

describe('TemplateIndex across two instances on one database', () => {
  it('SQLite (one file, two connections)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'facegate-index-'));
    try {
      await scenario(`sqlite:${path.join(dir, 'facegate.sqlite')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('MariaDB', async () => {
    await withMysqlDatabase(scenario);
  });
});
