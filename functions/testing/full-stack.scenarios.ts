/**
 * The product's core loop over HTTP on real parts: the `api` and `embed` functions through the Functions
 * Framework's test servers, the real composition (models, SQL repositories, local signed uploads checked by the
 * dev server's upload route, in-process events). Registered once per database by the *.int.test.ts files beside it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComposition, type Composition } from '../../shared/compose.js';
import { createTenantWithKeys, type DevCredentials } from '../../shared/local/demo-tenant.js';
import { silentLogger } from '../../shared/app/logger.js';
import { FakeClock } from '../../shared/ports/clock.js';
import { createFaceEngine } from '../../shared/face/create-face-engine.js';
import { faceFixtures, type FaceFixtures } from '../../tests/support/face-fixtures.js';
import { createDevServer } from '../../scripts/lib/dev-http-server.js';

export interface CompositionSlot {
  composition?: Promise<Composition>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function listen(server: Server, port = 0): Promise<string> {
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

export function fullStackScenarios(
  name: string,
  slot: CompositionSlot,
  withDatabase: (run: (url: string) => Promise<void>) => Promise<void>,
): void {
  describe(`FaceGate over HTTP on ${name}`, () => {
    let stack: Composition;
    let fx: FaceFixtures;
    let clock: FakeClock;
    let api: string;
    let embed: string;
    let uploads: string;
    const servers: Server[] = [];
    let dataDir: string;
    let a: DevCredentials;
    let b: DevCredentials;
    let release: () => void = () => {};
    let finished: Promise<void> = Promise.resolve();

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'fg-http-'));
      const port = await freePort();
      clock = new FakeClock(Date.now());
      const engine = await createFaceEngine();
      fx = await faceFixtures(engine);
      let ready!: () => void;
      const started = new Promise<void>((r) => (ready = r));
      finished = withDatabase(async (url) => {
        slot.composition = buildComposition(
          {
            FACEGATE_DATA_DIR: dataDir,
            FACEGATE_DB_URL: url,
            FACEGATE_PUBLIC_URL: `http://127.0.0.1:${port}`,
            FACEGATE_LOG_LEVEL: 'error',
          },
          { engine, clock, log: silentLogger },
        );
        stack = await slot.composition;
        ready();
        await new Promise<void>((r) => (release = r));
        await stack.close();
      });
      await started;
      a = await createTenantWithKeys(stack.repos, 'Tenant A');
      b = await createTenantWithKeys(stack.repos, 'Tenant B');
      const apiServer = getTestServer('api');
      const embedServer = getTestServer('embed');
      const devServer = createDevServer(
        {
          app: stack.app,
          config: { ...stack.config, logLevel: 'error' },
          ...(stack.localUploads ? { localUploads: stack.localUploads } : {}),
        },
        { log: () => {} },
      );
      servers.push(apiServer, embedServer, devServer);
      api = await listen(apiServer);
      embed = await listen(embedServer);
      uploads = await listen(devServer, port);
    });

    afterAll(async () => {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      release();
      await finished;
      await rm(dataDir, { recursive: true, force: true });
    });

    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    const json = (key: string, body: unknown) => ({
      method: 'POST',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const get = (key: string, route: string) => fetch(api + route, { headers: bearer(key) });

    async function startEnrollment(key: string, username: string) {
      const res = await fetch(`${api}/v1/enrollments`, json(key, { username }));
      expect(res.status).toBe(201);
      return (await res.json()) as {
        enrollmentId: string;
        userId: string;
        status: string;
        upload: { url: string; method: string; headers: Record<string, string>; expiresAt: string };
      };
    }

    async function put(url: string, headers: Record<string, string>, body: Uint8Array) {
      // The signed URL names the public base URL, which is where the dev server listens.
      return fetch(url.replace(/^http:\/\/127\.0\.0\.1:\d+/, uploads), { method: 'PUT', headers, body });
    }

    async function settle(key: string, enrollmentId: string) {
      await stack.idle();
      const res = await get(key, `/v1/enrollments/${enrollmentId}`);
      expect(res.status).toBe(200);
      return (await res.json()) as { status: string; reason?: string; userId: string };
    }

    async function enroll(key: string, username: string, photo: Uint8Array) {
      const started = await startEnrollment(key, username);
      expect(started).toMatchObject({ status: 'pending', upload: { method: 'PUT' } });
      expect((await put(started.upload.url, started.upload.headers, photo)).status).toBe(200);
      return { started, final: await settle(key, started.enrollmentId) };
    }

    function verifyMultipart(key: string, username: string, photo: Uint8Array) {
      const form = new FormData();
      form.set('username', username);
      form.set('image', new Blob([photo], { type: 'image/jpeg' }), 'capture.jpg');
      return fetch(`${api}/v1/verify`, { method: 'POST', headers: bearer(key), body: form });
    }

    it('enrolls through a signed upload, grants the same person a JWKS-verifiable token and denies another', async () => {
      const alice = await enroll(a.clientKey, 'alice', fx.personA);
      expect(alice.final).toMatchObject({ status: 'active', userId: alice.started.userId });
      expect((await enroll(a.clientKey, 'bob', fx.personB)).final.status).toBe('active');

      const granted = await verifyMultipart(a.clientKey, 'alice', fx.personAAgain);
      expect(granted.status).toBe(200);
      const body = (await granted.json()) as {
        decision: string;
        score: number;
        threshold: number;
        token: string;
        userId: string;
      };
      expect(body).toMatchObject({ decision: 'granted', userId: alice.started.userId });
      expect(body.score).toBeGreaterThanOrEqual(body.threshold);
      // As the README tells a relying party: the tenant's issuer and the JWKS under it.
      const issuer = `${stack.config.jwt.issuer}/t/${a.tenantId}`;
      const jwksUrl = `${api}/t/${a.tenantId}/.well-known/jwks.json`;
      const jwks = createLocalJWKSet((await (await fetch(jwksUrl)).json()) as { keys: [] });
      const { payload, protectedHeader } = await jwtVerify(body.token, jwks, {
        audience: stack.config.jwt.audience,
        issuer,
        currentDate: clock.now(),
      });
      expect(protectedHeader.alg).toBe('ES256');
      expect(payload).toMatchObject({ sub: alice.started.userId, tenant: a.tenantId });
      expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);

      const denied = await fetch(
        `${api}/v1/verify`,
        json(a.clientKey, { username: 'alice', image: Buffer.from(fx.personB).toString('base64') }),
      );
      // A client key is told not_verified and no score (tests/security/enumeration-oracle.int.test.ts).
      expect(await denied.json()).toEqual({ decision: 'denied', reason: 'not_verified' });
    });

    it('identifies the enrolled person and nobody for a stranger', async () => {
      const form = new FormData();
      form.set('image', new Blob([fx.personAAgain], { type: 'image/jpeg' }), 'c.jpg');
      const found = await fetch(`${api}/v1/identify`, { method: 'POST', headers: bearer(a.clientKey), body: form });
      expect(await found.json()).toMatchObject({ decision: 'granted', username: 'alice' });
      const stranger = await fetch(
        `${api}/v1/identify`,
        json(a.clientKey, { image: Buffer.from(fx.personC).toString('base64') }),
      );
      expect(await stranger.json()).toMatchObject({ decision: 'denied' });
    });

    it('makes one template when the finalize event is delivered again to the embed function', async () => {
      const alice = await stack.repos.forTenant(a.tenantId).users.byUsername('alice');
      const [capture] = await stack.repos.forTenant(a.tenantId).captures.listByUser(alice!.id);
      for (let i = 0; i < 2; i++) {
        const res = await fetch(embed, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'ce-id': `redelivery-${i}`,
            'ce-specversion': '1.0',
            'ce-type': 'google.cloud.storage.object.v1.finalized',
            'ce-source': '//storage.googleapis.com/projects/_/buckets/local',
            'ce-subject': `objects/${capture!.blobPath}`,
          },
          body: JSON.stringify({
            bucket: 'local',
            name: capture!.blobPath,
            generation: capture!.generation,
            contentType: 'image/jpeg',
            size: String(capture!.sizeBytes),
          }),
        });
        expect(res.ok).toBe(true);
      }
      expect(await stack.repos.forTenant(a.tenantId).templates.countByUser(alice!.id)).toBe(1);
    });

    it('rejects enrollment photos that are not usable, with a reason, and keeps no template', async () => {
      for (const [username, photo, reason] of [
        ['not-a-photo', fx.notAnImage, 'not_an_image'],
        ['no-face', fx.noFace, 'no_face'],
        ['two-faces', fx.twoPeople, 'multiple_faces'],
      ] as const) {
        const r = await enroll(a.clientKey, username, photo);
        expect(r.final).toMatchObject({ status: 'rejected', reason });
        expect(await stack.repos.forTenant(a.tenantId).templates.countByUser(r.started.userId)).toBe(0);
      }
    });

    it('refuses tampered, expired, oversized and mistyped uploads and stores nothing', async () => {
      const s = await startEnrollment(a.clientKey, 'mallory');
      const url = new URL(s.upload.url);
      const tamperedPath = s.upload.url.replace(
        s.userId,
        (await stack.repos.forTenant(a.tenantId).users.byUsername('alice'))!.id,
      );
      expect((await put(tamperedPath, s.upload.headers, fx.personC)).status).toBe(403);
      const longer = new URL(url);
      longer.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
      expect((await put(longer.toString(), s.upload.headers, fx.personC)).status).toBe(403);
      expect((await put(s.upload.url, { ...s.upload.headers, 'content-type': 'image/png' }, fx.personC)).status).toBe(
        415,
      );
      expect((await put(s.upload.url, s.upload.headers, new Uint8Array(stack.config.upload.maxBytes + 1))).status).toBe(
        413,
      );
      clock.advance((stack.config.upload.urlTtlSeconds + 1) * 1000);
      const expired = await put(s.upload.url, s.upload.headers, fx.personC);
      clock.advance(-(stack.config.upload.urlTtlSeconds + 1) * 1000);
      expect(expired.status).toBe(403);
      expect(await expired.json()).toMatchObject({ error: { code: 'url_expired' } });
      expect(await settle(a.clientKey, s.enrollmentId)).toMatchObject({ status: 'pending' });
      expect(await stack.repos.forTenant(a.tenantId).captures.listByUser(s.userId)).toEqual([]);
      expect(await stack.blobs.exists(url.pathname.replace(/^\/_local\/uploads\//, ''))).toBe(false);
    });

    it('answers bad verify input with the right code and stores no template', async () => {
      const alice = (await stack.repos.forTenant(a.tenantId).users.byUsername('alice'))!;
      const notImage = await fetch(
        `${api}/v1/verify`,
        json(a.clientKey, { username: 'alice', image: Buffer.from(fx.notAnImage).toString('base64') }),
      );
      expect(notImage.status).toBe(422);
      expect(await notImage.json()).toMatchObject({ error: { code: 'not_an_image' } });
      expect(await (await verifyMultipart(a.clientKey, 'alice', fx.noFace)).json()).toMatchObject({
        decision: 'denied',
        reason: 'no_face',
      });
      expect(await (await verifyMultipart(a.clientKey, 'alice', fx.twoPeople)).json()).toMatchObject({
        decision: 'denied',
        reason: 'multiple_faces',
      });
      expect(await (await verifyMultipart(a.clientKey, 'nobody-here', fx.personA)).json()).toMatchObject({
        decision: 'denied',
        reason: 'not_verified',
      });
      const text = await fetch(`${api}/v1/verify`, {
        method: 'POST',
        headers: { ...bearer(a.clientKey), 'content-type': 'text/plain' },
        body: 'hello',
      });
      expect(text.status).toBe(415);
      const huge = await fetch(
        `${api}/v1/verify`,
        json(a.clientKey, {
          username: 'alice',
          image: Buffer.alloc(stack.config.upload.maxBytes + 1024).toString('base64'),
        }),
      );
      expect(huge.status).toBe(413);
      const noKey = await fetch(`${api}/v1/verify`, { method: 'POST', body: '{}' });
      expect(noKey.status).toBe(401);
      expect(await stack.repos.forTenant(a.tenantId).templates.countByUser(alice.id)).toBe(1);
    });

    it("keeps tenants apart: B's keys neither see nor verify against A's users", async () => {
      const alice = (await stack.repos.forTenant(a.tenantId).users.byUsername('alice'))!;
      const [enrollment] = await stack.repos.forTenant(a.tenantId).enrollments.listByUser(alice.id);
      expect((await get(b.clientKey, `/v1/enrollments/${enrollment!.id}`)).status).toBe(404);
      expect(await (await verifyMultipart(b.clientKey, 'alice', fx.personAAgain)).json()).toMatchObject({
        decision: 'denied',
        reason: 'not_verified',
      });
      const identify = await fetch(
        `${api}/v1/identify`,
        json(b.clientKey, { image: Buffer.from(fx.personAAgain).toString('base64') }),
      );
      expect(await identify.json()).toMatchObject({ decision: 'denied' });
      const users = (await (await get(b.operatorKey, '/v1/users')).json()) as { users: unknown[] };
      expect(users.users).toEqual([]);
      expect(
        (await fetch(`${api}/v1/users/${alice.id}`, { method: 'DELETE', headers: bearer(b.operatorKey) })).status,
      ).toBe(404);
      expect((await get(a.clientKey, '/v1/users')).status).toBe(403);
    });

    it('lets the operator erase a person: templates, captures and photos', async () => {
      const bob = (await stack.repos.forTenant(a.tenantId).users.byUsername('bob'))!;
      const [capture] = await stack.repos.forTenant(a.tenantId).captures.listByUser(bob.id);
      expect(await stack.blobs.exists(capture!.blobPath)).toBe(true);
      expect(
        (await fetch(`${api}/v1/users/${bob.id}`, { method: 'DELETE', headers: bearer(a.operatorKey) })).status,
      ).toBe(204);
      expect(await stack.blobs.exists(capture!.blobPath)).toBe(false);
      expect(await stack.repos.forTenant(a.tenantId).templates.countByUser(bob.id)).toBe(0);
      expect(await (await verifyMultipart(a.clientKey, 'bob', fx.personB)).json()).toMatchObject({
        decision: 'denied',
        reason: 'not_verified',
      });
    });
  });
}
