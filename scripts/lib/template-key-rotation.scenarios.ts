/**
 * `npm run keys:rotate-template` end to end on a real database: registered for SQLite and MariaDB by the
 * *.int.test.ts files beside it. Each scenario gets a fresh data dir (its own keyring) and database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { composeMaintenance } from '../../shared/compose.js';
import { createDatabase } from '../../shared/adapters/sql/index.js';
import { itemAt } from '../../shared/arrays/item-at.js';
import { silentLogger } from '../../shared/app/logger.js';
import type { Repositories } from '../../shared/ports/repositories.js';
import { runTemplateKeyRotation } from './template-key-rotation.js';

/** Runs `body` against an empty database URL and removes it afterwards. */
export type WithDatabase = (body: (url: string) => Promise<void>) => Promise<void>;

interface Seeded {
  tenantId: string;
  userId: string;
  embedding: Float32Array;
}

async function seed(repos: Repositories, tenants: number, perTenant: number): Promise<Seeded[]> {
  const seeded: Seeded[] = [];
  for (let t = 0; t < tenants; t++) {
    const tenant = await repos.tenants.create({ name: `tenant ${t}` });
    const r = repos.forTenant(tenant.id);
    for (let u = 0; u < perTenant; u++) {
      const user = await r.users.create({ username: `user${u}` });
      const capture = await r.captures.create({
        userId: user.id,
        kind: 'enroll',
        blobPath: `tenants/${tenant.id}/users/${user.id}/enroll/c${u}.jpg`,
        generation: '1',
        contentType: 'image/jpeg',
        sizeBytes: 10,
      });
      const embedding = Float32Array.from({ length: 128 }, () => Math.random() * 2 - 1);
      await r.templates.add({
        userId: user.id,
        captureId: capture.value.id,
        modelVersion: 'm1',
        embedding,
        qualityScore: 1,
      });
      seeded.push({ tenantId: tenant.id, userId: user.id, embedding });
    }
  }
  return seeded;
}

/** Every seeded embedding reads back bit for bit through repositories opened with `env`'s keyring. */
async function expectReadable(env: NodeJS.ProcessEnv, seeded: Seeded[]): Promise<void> {
  const stack = await composeMaintenance(env, { log: silentLogger });
  try {
    for (const s of seeded) {
      const template = itemAt(await stack.repos.forTenant(s.tenantId).templates.listByUser(s.userId, 'm1'), 0);
      expect(Buffer.from(template.embedding.buffer).equals(Buffer.from(s.embedding.buffer))).toBe(true);
    }
  } finally {
    await stack.close();
  }
}

async function withStack(
  withDatabase: WithDatabase,
  body: (env: NodeJS.ProcessEnv, dataDir: string) => Promise<void>,
): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fg-rotate-'));
  try {
    await withDatabase((url) => body({ FACEGATE_DATA_DIR: dataDir, FACEGATE_DB_URL: url }, dataDir));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function templateKeyRotationScenarios(withDatabase: WithDatabase): void {
  it('locally: dry run changes nothing; an interrupted rotation resumes, finishes and forgets the old key', async () => {
    await withStack(withDatabase, async (env, dataDir) => {
      const first = await composeMaintenance(env, { log: silentLogger });
      const seeded = await seed(first.repos, 3, 4);
      await first.close();
      const lines: string[] = [];
      const write = (line: string) => lines.push(line);

      const dry = await runTemplateKeyRotation(env, { dryRun: true, write });
      expect(dry).toMatchObject({
        dryRun: true,
        before: { k1: 12 },
        resealed: 0,
        createdKey: false,
        retiredKeyIds: [],
      });

      // A run stopped after its first batch: the new key is in the keyring, 2 rows are under it.
      const keyring = await composeMaintenance(env, { log: silentLogger });
      await (await keyring.secrets()).addTemplateKey();
      await keyring.close();
      const interrupted = await composeMaintenance(env, { log: silentLogger });
      const batch = await interrupted.repos.forTenant(itemAt(seeded, 0).tenantId).templates.resealBatch({ limit: 2 });
      expect(batch).toMatchObject({ scanned: 2, resealed: 2, failed: [] });
      await interrupted.close();

      const resumed = await runTemplateKeyRotation(env, { dryRun: false, batchSize: 3, write });
      expect(resumed).toMatchObject({
        activeKeyId: 'k2',
        before: { k1: 10, k2: 2 },
        after: { k2: 12 },
        resealed: 10,
        remaining: 0,
        failed: [],
        createdKey: false,
        retiredKeyIds: ['k1'],
      });
      expect(lines.some((l) => l.startsWith('resuming the rotation to k2'))).toBe(true);
      expect(lines.some((l) => /tenant 3\/3 .*: 10\/10 re-encrypted/.test(l))).toBe(true);
      const file = JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')) as {
        templateKey?: string;
        templateKeys: { active: string; keys: Record<string, string> };
      };
      expect(file.templateKey).toBeUndefined();
      expect(file.templateKeys.active).toBe('k2');
      expect(Object.keys(file.templateKeys.keys)).toEqual(['k2']);
      await expectReadable(env, seeded);

      // The next run starts a new rotation (k3) and finishes it in one go.
      const again = await runTemplateKeyRotation(env, { dryRun: false, write });
      expect(again).toMatchObject({ activeKeyId: 'k3', createdKey: true, resealed: 12, after: { k3: 12 } });
      await expectReadable(env, seeded);
    });
  });

  it('with configured keys: re-encrypts under the new key, is idempotent, and names the key that may go', async () => {
    await withStack(withDatabase, async (base) => {
      const k1 = randomBytes(32).toString('base64');
      const k2 = randomBytes(32).toString('base64');
      const before = { ...base, FACEGATE_TEMPLATE_KEY: k1 };
      const stack = await composeMaintenance(before, { log: silentLogger });
      const seeded = await seed(stack.repos, 2, 3);
      await stack.close();

      const during = {
        ...base,
        FACEGATE_TEMPLATE_KEY: k2,
        FACEGATE_TEMPLATE_KEY_ID: 'k2',
        FACEGATE_TEMPLATE_RETIRED_KEYS: `k1:${k1}`,
      };
      const write = () => {};
      const run = await runTemplateKeyRotation(during, { dryRun: false, batchSize: 4, write });
      expect(run).toMatchObject({ resealed: 6, remaining: 0, after: { k2: 6 }, retiredKeyIds: ['k1'] });
      const rerun = await runTemplateKeyRotation(during, { dryRun: false, write });
      expect(rerun).toMatchObject({ resealed: 0, remaining: 0, before: { k2: 6 } });
      await expectReadable({ ...base, FACEGATE_TEMPLATE_KEY: k2, FACEGATE_TEMPLATE_KEY_ID: 'k2' }, seeded);
    });
  });

  it('reports a row that does not open, leaves it and keeps the old keys', async () => {
    await withStack(withDatabase, async (env) => {
      const stack = await composeMaintenance(env, { log: silentLogger });
      const seeded = await seed(stack.repos, 1, 3);
      const victim = itemAt(seeded, 1);
      // Move a ciphertext onto another row: it no longer authenticates there.
      const templates = stack.repos.forTenant(victim.tenantId).templates;
      const good = itemAt(await templates.listByUser(itemAt(seeded, 0).userId, 'm1'), 0);
      const bad = itemAt(await templates.listByUser(victim.userId, 'm1'), 0);
      const raw = await createDatabase({ url: String(env.FACEGATE_DB_URL) });
      const { embedding_sealed } = await raw.db
        .selectFrom('templates')
        .select('embedding_sealed')
        .where('id', '=', good.id)
        .executeTakeFirstOrThrow();
      await raw.db.updateTable('templates').set({ embedding_sealed }).where('id', '=', bad.id).execute();
      await raw.close();
      await stack.close();

      const run = await runTemplateKeyRotation(env, { dryRun: false, batchSize: 1, write: () => {} });
      expect(run).toMatchObject({ resealed: 2, remaining: 1, retiredKeyIds: [] });
      expect(run.failed).toEqual([expect.objectContaining({ templateId: bad.id, keyId: 'k1' })]);
      const after = await composeMaintenance(env, { log: silentLogger });
      expect(after.templateKeys.keyIds.sort()).toEqual(['k1', 'k2']);
      await after.close();
    });
  });
}
