/**
 * Finding 2 of issue 12, replayed as an attack: an upload URL used once cannot be used again (the photo swap after
 * activation), the embed step only works on the object generation its event names, an upload nobody will embed
 * is deleted, and a re-embed runs the same checks as an enrollment. Registered for SQLite and MariaDB.
 */
import { expect, it } from 'vitest';
import { photo, fakeEngine, type Harness } from '../../shared/app/security-harness.test-support.js';
import { readCapture } from '../../shared/app/capture-at-rest.js';
import { reembedTemplates } from '../../shared/app/use-cases/reembed-templates.js';
import type { FaceEngine } from '../../shared/face/face-engine.js';
import { appErrorOf, putToSignedUrl, uploadAndEmbed, withHarness, type WithDatabase } from './security-test-kit.js';

const victimFace = photo({ person: 1, live: true });
const attackerFace = photo({ person: 2, live: true });

/**
 * The next model version as the re-embed sees it: person 3 now looks like a print to its PAD, person 4 now
 * collides with person 1, and person 5's capture now fails the quality gate.
 */
const nextEngine: FaceEngine = {
  ...fakeEngine,
  modelVersion: 'fake-v2',
  async analyze(bytes) {
    const seen = JSON.parse(Buffer.from(bytes).toString('utf8')) as { person?: number };
    const analysis = await fakeEngine.analyze(seen.person === 4 ? photo({ person: 1, live: true }) : bytes);
    const primary = analysis.primary;
    if (!primary) return analysis;
    if (seen.person === 3)
      return {
        ...analysis,
        primary: { ...primary, liveness: { score: 0.1, threshold: 0.5, live: false, modelVersion: 'pad-v2' } },
      };
    if (seen.person === 5)
      return { ...analysis, primary: { ...primary, quality: { ...primary.quality, failures: ['blurred'] } } };
    return analysis;
  },
};

function withNextVersion(h: Harness) {
  return {
    ...h.deps,
    engines: {
      defaultVersion: fakeEngine.modelVersion,
      versions: [fakeEngine.modelVersion, nextEngine.modelVersion],
      get: (version: string) => Promise.resolve(version === nextEngine.modelVersion ? nextEngine : fakeEngine),
    },
  };
}

export function uploadReplayScenarios(withDatabase: WithDatabase): void {
  it('refuses a second PUT to a used upload URL, so the photo cannot be swapped before it is embedded', async () => {
    await withHarness(withDatabase, async (h) => {
      const started = await h.app.startEnrollment(h.client, { username: 'carol' });
      const first = await putToSignedUrl(h, started, victimFace);
      const replay = await appErrorOf(putToSignedUrl(h, started, attackerFace));
      expect(replay).toMatchObject({ status: 412, code: 'precondition_failed' });
      expect(Buffer.from((await h.blobs.get(first.key))!).equals(Buffer.from(victimFace))).toBe(true);
      await h.app.onObjectFinalized({
        name: first.key,
        generation: first.generation,
        contentType: 'image/jpeg',
        size: victimFace.length,
      });
      expect((await h.app.verify(h.client, { username: 'carol', image: attackerFace })).decision).toBe('denied');
    });
  });

  it('never uses a photo PUT to the URL again after activation: deleted, and the stored photo stays', async () => {
    await withHarness(withDatabase, async (h) => {
      const started = await h.app.startEnrollment(h.client, { username: 'carol' });
      expect(await uploadAndEmbed(h, started, victimFace)).toBe('active');
      // The clear upload is gone once sealed, so the store takes the PUT; the embed step throws it away.
      const replay = await putToSignedUrl(h, started, attackerFace);
      await h.app.onObjectFinalized({
        name: replay.key,
        generation: replay.generation,
        contentType: 'image/jpeg',
        size: attackerFace.length,
      });
      expect(await h.blobs.exists(replay.key)).toBe(false);
      const t = h.repos.forTenant(h.client.tenantId);
      const [capture] = await t.captures.listByUser(started.userId);
      const stored = await readCapture(h.blobs, h.deps.cipher, h.client.tenantId, capture!);
      expect(Buffer.from(stored!).equals(Buffer.from(victimFace))).toBe(true);
      expect(await t.templates.countByUser(started.userId)).toBe(1);
      expect((await h.app.verify(h.client, { username: 'carol', image: attackerFace })).decision).toBe('denied');
    });
  });

  it('embeds only the object generation its event names, once', async () => {
    await withHarness(withDatabase, async (h) => {
      const started = await h.app.startEnrollment(h.client, { username: 'carol' });
      const written = await putToSignedUrl(h, started, victimFace);
      const event = { name: written.key, contentType: 'image/jpeg', size: victimFace.length };
      await h.app.onObjectFinalized({ ...event, generation: '1' }); // a stale or forged notification
      expect((await h.app.getEnrollment(h.client, started.enrollmentId)).status).toBe('pending');
      await h.app.onObjectFinalized({ ...event, generation: written.generation });
      await h.app.onObjectFinalized({ ...event, generation: written.generation }); // redelivered
      expect((await h.app.getEnrollment(h.client, started.enrollmentId)).status).toBe('active');
      const t = h.repos.forTenant(h.client.tenantId);
      expect(await t.templates.countByUser(started.userId)).toBe(1);
      expect(await t.captures.listByUser(started.userId)).toHaveLength(1);
    });
  });

  it('deletes an upload that reaches an enrollment nobody will embed any more', async () => {
    await withHarness(withDatabase, async (h) => {
      const first = await h.app.startEnrollment(h.client, { username: 'erin' });
      const late = await putToSignedUrl(h, first, attackerFace); // lands just before the URL expires
      h.clock.advance(h.deps.upload.urlTtlSeconds * 1000 + 1000);
      await h.app.startEnrollment(h.client, { username: 'erin' }); // supersedes the first
      await h.app.onObjectFinalized({
        name: late.key,
        generation: late.generation,
        contentType: 'image/jpeg',
        size: 1,
      });
      expect(await h.blobs.exists(late.key)).toBe(false);

      const rejected = await h.app.startEnrollment(h.client, { username: 'noface' });
      const written = await putToSignedUrl(h, rejected, photo({}));
      await h.app.onObjectFinalized({
        name: written.key,
        generation: written.generation,
        contentType: 'image/jpeg',
        size: 2,
      });
      expect((await h.app.getEnrollment(h.client, rejected.enrollmentId)).status).toBe('rejected');
      expect(await h.blobs.exists(written.key)).toBe(false);
    });
  });

  it('re-embeds only the generation that was checked, and runs the PAD, quality and duplicate checks again', async () => {
    await withHarness(withDatabase, async (h) => {
      const people = new Map<string, number>([
        ['ann', 1],
        ['bob', 3],
        ['cid', 4],
        ['dan', 5],
        ['eve', 6],
      ]);
      const ids = new Map<string, string>();
      for (const [username, person] of people) {
        const started = await h.app.startEnrollment(h.client, { username });
        expect(await uploadAndEmbed(h, started, photo({ person, live: true }))).toBe('active');
        ids.set(username, started.userId);
      }
      // Someone with write access to the bucket swaps eve's stored photo (a new generation of the object).
      const eve = (await h.repos.forTenant(h.client.tenantId).captures.listByUser(ids.get('eve')!))[0]!;
      await h.blobs.put(eve.blobPath, attackerFace, { contentType: 'image/jpeg' });

      const report = await reembedTemplates(withNextVersion(h), { tenantId: h.client.tenantId, to: 'fake-v2' });
      const reasons = Object.fromEntries(
        report.failures.map((f) => [[...ids].find(([, id]) => id === f.userId)![0], f.reason]),
      );
      // ann and cid now look alike: whichever the run reaches second is the duplicate.
      const { ann, cid, ...others } = reasons;
      expect(others).toEqual({ bob: 'spoof_suspected', dan: 'quality_failed', eve: 'blob_replaced' });
      expect([ann, cid].sort()).toEqual(['duplicate_face', undefined]);
      expect(report.embedded).toBe(1);
      const t = h.repos.forTenant(h.client.tenantId);
      for (const name of ['bob', 'dan', 'eve'])
        expect(await t.templates.listByUser(ids.get(name)!, 'fake-v2')).toHaveLength(0);
      const kept = ann === undefined ? 'ann' : 'cid';
      expect(await t.templates.listByUser(ids.get(kept)!, 'fake-v2')).toHaveLength(1);
    });
  });
}
