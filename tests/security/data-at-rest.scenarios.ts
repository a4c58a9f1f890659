/**
 * Finding 9 of issue 12, replayed as an attack on a copy of the storage: webhook secrets and enrollment photos are
 * sealed under the template keys (so template encryption cannot be sidestepped by re-embedding the photos), key
 * rotation re-wraps them, and no password hash is taken or kept. Registered for SQLite and MariaDB.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createSqlRepositories } from '../../shared/adapters/sql/index.js';
import { readCapture } from '../../shared/app/capture-at-rest.js';
import { photo } from '../../shared/app/security-harness.test-support.js';
import { resealAtRest } from '../../shared/app/use-cases/reseal-at-rest.js';
import { envelopeKeyId, isSealed } from '../../shared/crypto/envelope.js';
import { TemplateCipher } from '../../shared/crypto/template-cipher.js';
import { appErrorOf, uploadAndEmbed, withHarness, type WithDatabase } from './security-test-kit.js';

const face = photo({ person: 1, live: true });
const SECRET = 'webhook-secret-'.repeat(3);

export function dataAtRestScenarios(withDatabase: WithDatabase): void {
  it('stores the webhook secret sealed: the column holds no secret, the application reads it back', async () => {
    await withHarness(withDatabase, async (h) => {
      await h.app.setWebhook(h.operator, { url: 'https://hooks.example.com/facegate', secret: SECRET });
      const row = await h.database.db
        .selectFrom('tenants')
        .select('webhook_secret')
        .where('id', '=', h.client.tenantId)
        .executeTakeFirstOrThrow();
      expect(row.webhook_secret).toMatch(/^fge1:/);
      expect(row.webhook_secret).not.toContain('webhook-secret');
      expect((await h.repos.tenants.webhook(h.client.tenantId))?.secret).toBe(SECRET);
      // Copied into another tenant's row it does not open.
      const other = await h.repos.tenants.create({ name: 'other' });
      await h.database.db
        .updateTable('tenants')
        .set({ webhook_url: 'https://x.example.com', webhook_secret: row.webhook_secret })
        .where('id', '=', other.id)
        .execute();
      await expect(h.repos.tenants.webhook(other.id)).rejects.toThrow(/authentication/);
    });
  });

  it('keeps an enrollment photo only sealed: the bucket copy is ciphertext, the clear upload is gone', async () => {
    await withHarness(withDatabase, async (h) => {
      const started = await h.app.startEnrollment(h.client, { username: 'carol' });
      const uploadKey = new URL(started.upload.url).pathname.replace('/_local/uploads/', '');
      expect(await uploadAndEmbed(h, started, face)).toBe('active');
      expect(await h.blobs.exists(uploadKey)).toBe(false);
      const [capture] = await h.repos.forTenant(h.client.tenantId).captures.listByUser(started.userId);
      const stored = Buffer.from((await h.blobs.get(capture!.blobPath))!);
      expect(isSealed(stored)).toBe(true);
      expect(stored.includes(Buffer.from(face))).toBe(false);
      expect(Buffer.from((await readCapture(h.blobs, h.deps.cipher, h.client.tenantId, capture!))!)).toEqual(
        Buffer.from(face),
      );
    });
  });

  it('re-wraps webhook secrets and photos under the new key on rotation, so the old key can go', async () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    await withHarness(
      withDatabase,
      async (h) => {
        await h.app.setWebhook(h.operator, { url: 'https://hooks.example.com/facegate', secret: SECRET });
        const started = await h.app.startEnrollment(h.client, { username: 'carol' });
        expect(await uploadAndEmbed(h, started, face)).toBe('active');

        const rotating = new TemplateCipher({ activeKeyId: 'k2', keys: { k1, k2 } });
        const repos = createSqlRepositories(h.database, { cipher: rotating, now: () => h.clock.nowMs() });
        const report = await resealAtRest(repos, h.blobs, rotating);
        expect(report).toMatchObject({ webhookSecrets: 1, captures: 1, unchanged: 0, failed: [] });
        expect(await resealAtRest(repos, h.blobs, rotating)).toMatchObject({
          webhookSecrets: 0,
          captures: 0,
          unchanged: 1,
        });

        const onlyNew = new TemplateCipher({ activeKeyId: 'k2', keys: { k2 } });
        const after = createSqlRepositories(h.database, { cipher: onlyNew, now: () => h.clock.nowMs() });
        expect((await after.tenants.webhook(h.client.tenantId))?.secret).toBe(SECRET);
        const [capture] = await after.forTenant(h.client.tenantId).captures.listByUser(started.userId);
        expect(envelopeKeyId((await h.blobs.get(capture!.blobPath))!)).toBe('k2');
        expect(Buffer.from((await readCapture(h.blobs, onlyNew, h.client.tenantId, capture!))!)).toEqual(
          Buffer.from(face),
        );
      },
      { keyring: { activeKeyId: 'k1', keys: { k1 } } },
    );
  });

  it('takes no password and keeps no password hash', async () => {
    await withHarness(withDatabase, async (h) => {
      const refused = await appErrorOf(
        h.app.startEnrollment(h.client, { username: 'dave', password: 'correct horse battery' }),
      );
      expect(refused).toMatchObject({ status: 400, code: 'password_not_supported' });
      await h.app.startEnrollment(h.client, { username: 'dave' });
      const hashes = await h.database.db.selectFrom('users').select('password_hash').execute();
      expect(hashes.every((row) => row.password_hash === null)).toBe(true);
    });
  });
}
