/**
 * Migration 0009 on SQLite and MariaDB: a tenant with templates of the previous default keeps that version when the
 * default changes; tenants without them, and tenants that already chose a version, are left alone.
 */
import { randomBytes } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { eachTestDatabase } from '../../../../tests/support/test-databases.js';
import { TemplateCipher } from '../../../crypto/template-cipher.js';
import type { Repositories } from '../../../ports/repositories.js';
import { createDatabase, type SqlDatabase } from '../create-database.js';
import { migrateToLatest } from '../migrate.js';
import { createSqlRepositories } from '../sql-repositories.js';
import { migrationProvider } from './migration-provider.js';
import { PREVIOUS_DEFAULT_MODEL } from './0009-pin-tenant-models.js';

const databases = eachTestDatabase('fg-mig9-');

let tenants = 0;

/**
 * A tenant as it stood at migration 0008, inserted with 0008's columns only (today's repository writes columns of
 * later migrations), and, with `modelVersion`, one user enrolled on it.
 */
async function tenantWithTemplate(database: SqlDatabase, repos: Repositories, modelVersion?: string): Promise<string> {
  const tenantId = `ten_mig9_${++tenants}`;
  await sql`insert into tenants (id, name, created_at, require_possession, active_challenge)
            values (${tenantId}, ${'t'}, ${Date.now()}, ${0}, ${0})`.execute(database.db);
  if (!modelVersion) return tenantId;
  const t = repos.forTenant(tenantId);
  const user = await t.users.create({ username: 'ada' });
  await t.captures.create({
    id: `cap_${tenantId}`,
    userId: user.id,
    kind: 'enroll',
    blobPath: 'x.jpg',
    generation: '1',
    contentType: 'image/jpeg',
    sizeBytes: 1,
  });
  await t.templates.add({
    userId: user.id,
    captureId: `cap_${tenantId}`,
    modelVersion,
    embedding: new Float32Array([0.6, 0.8]),
    qualityScore: 1,
  });
  return tenantId;
}

describe.each(databases)('migration 0009-pin-tenant-models on %s', (_name, withDatabase) => {
  it('pins tenants enrolled on the previous default to it, and only those', async () => {
    await withDatabase(async (url) => {
      const database = await createDatabase({ url });
      try {
        const migrator = new Migrator({
          db: database.db,
          provider: migrationProvider(database.dialect),
          allowUnorderedMigrations: true,
        });
        const before = await migrator.migrateTo('0008-template-changes');
        expect(before.error).toBeUndefined();
        const cipher = new TemplateCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } });
        const repos = createSqlRepositories(database, { cipher });

        const enrolled = await tenantWithTemplate(database, repos, PREVIOUS_DEFAULT_MODEL);
        const reembedding = await tenantWithTemplate(database, repos, PREVIOUS_DEFAULT_MODEL);
        await repos.forTenant(reembedding).modelSettings.setReembedTarget('fused-frn-arc-v2');
        const chose = await tenantWithTemplate(database, repos, PREVIOUS_DEFAULT_MODEL);
        await repos.forTenant(chose).modelSettings.setActive('frn128-v1');
        const otherModel = await tenantWithTemplate(database, repos, 'frn128-v1');
        const empty = await tenantWithTemplate(database, repos);

        // 0009 runs first of what is left (the later ones add columns and tables, and move no data).
        expect((await migrateToLatest(database))[0]).toBe('0009-pin-tenant-models');

        const active = async (id: string) => (await repos.forTenant(id).modelSettings.get())?.activeVersion ?? null;
        expect(await active(enrolled)).toBe(PREVIOUS_DEFAULT_MODEL);
        expect(await active(reembedding)).toBe(PREVIOUS_DEFAULT_MODEL);
        expect((await repos.forTenant(reembedding).modelSettings.get())?.reembedTarget).toBe('fused-frn-arc-v2');
        expect(await active(chose)).toBe('frn128-v1');
        expect(await active(otherModel)).toBeNull();
        expect(await active(empty)).toBeNull();
      } finally {
        await database.close();
      }
    });
  });
});
