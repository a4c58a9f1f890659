import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobKeys } from '../../ports/blob-store.js';
import { blobStoreContract } from '../../ports/blob-store.contract.js';
import { FakeClock } from '../../ports/clock.js';
import type { LocalObjectFinalized } from './fs-blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';

const SECRET = 'local-upload-secret-for-tests-0123456789';

blobStoreContract('FsBlobStore', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'facegate-blobs-'));
  const clock = new FakeClock(Date.UTC(2025, 2, 1, 12));
  const store = new FsBlobStore({ rootDir: dir, publicBaseUrl: 'http://localhost:8080', signingSecret: SECRET, clock });
  return { store, nowMs: clock.nowMs(), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describe('FsBlobStore on disk', () => {
  let parent: string;
  let root: string;
  let clock: FakeClock;
  let store: FsBlobStore;
  const key = blobKeys.enrollCapture('t1', 'u1', 'c1');
  const open = (options: Partial<ConstructorParameters<typeof FsBlobStore>[0]> = {}) =>
    new FsBlobStore({
      rootDir: root,
      publicBaseUrl: 'http://localhost:8080/',
      signingSecret: SECRET,
      clock,
      ...options,
    });

  beforeEach(async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'facegate-fs-'));
    root = path.join(parent, 'blobs');
    clock = new FakeClock(Date.UTC(2025, 2, 1, 12));
    store = open();
  });
  afterEach(() => rm(parent, { recursive: true, force: true }));

  it('stores objects under <root>/objects/<key> and never writes beside the root', async () => {
    await store.put(key, new Uint8Array([1, 2, 3]));
    expect((await stat(path.join(root, 'objects', key))).size).toBe(3);
    await expect(store.put('../escape.jpg', new Uint8Array([1]))).rejects.toMatchObject({ code: 'invalid_key' });
    expect(await readdir(parent)).toEqual(['blobs']);
  });

  it('keeps generations increasing across restarts even when the clock goes back', async () => {
    const first = await store.put(key, new Uint8Array([1]));
    clock.advance(-60_000);
    const second = await open().put(key, new Uint8Array([2]));
    expect(BigInt(second.generation)).toBeGreaterThan(BigInt(first.generation));
    expect(first.generation).toBe(String(BigInt(Date.UTC(2025, 2, 1, 12)) * 1000n));
  });

  it('leaves no empty folders behind after a user folder is erased', async () => {
    await store.put(blobKeys.enrollCapture('t1', 'u1', 'a'), new Uint8Array([1]));
    await store.put(blobKeys.enrollCapture('t1', 'u2', 'a'), new Uint8Array([1]));
    await store.deletePrefix(blobKeys.userPrefix('t1', 'u1'));
    expect(await readdir(path.join(root, 'objects', 'tenants', 't1', 'users'))).toEqual(['u2']);
    await store.delete(blobKeys.enrollCapture('t1', 'u2', 'a'));
    expect(await readdir(path.join(root, 'objects'))).toEqual([]);
  });

  it('notifies finalized listeners after the write returns, like a bucket notification', async () => {
    const seen: LocalObjectFinalized[] = [];
    let putReturned = false;
    store.onFinalized((event) => {
      expect(putReturned).toBe(true);
      seen.push(event);
    });
    const written = await store.put(key, new Uint8Array(10), { contentType: 'image/jpeg' });
    putReturned = true;
    await store.idle();
    expect(seen).toEqual([
      {
        bucket: 'local',
        name: key,
        generation: written.generation,
        contentType: 'image/jpeg',
        size: '10',
        timeCreated: '2025-03-01T12:00:00.000Z',
        updated: '2025-03-01T12:00:00.000Z',
      },
    ]);
  });

  it('isolates a failing listener and stops notifying after unsubscribe', async () => {
    const errors: unknown[] = [];
    store = open({ onListenerError: (error) => errors.push(error) });
    const names: string[] = [];
    store.onFinalized(() => Promise.reject(new Error('embed crashed')));
    const stop = store.onFinalized((event) => void names.push(event.name));
    await store.put(key, new Uint8Array(1));
    await store.idle();
    stop();
    await store.put(key, new Uint8Array(2));
    await store.idle();
    expect(names).toEqual([key]);
    expect(errors.map((e) => (e as Error).message)).toEqual(['embed crashed', 'embed crashed']);
  });

  it('verifies its own signed URL, after which the server writes the object', async () => {
    const signed = await store.createSignedUploadUrl({
      key,
      contentType: 'image/jpeg',
      maxBytes: 100,
      expiresInSeconds: 300,
    });
    expect(signed.url.startsWith('http://localhost:8080/_local/uploads/tenants/t1/users/u1/enroll/c1.jpg?')).toBe(true);
    const target = new URL(signed.url);
    const check = store.verifySignedUpload(target.pathname + target.search, {
      contentType: 'image/jpeg',
      contentLength: 100,
    });
    expect(check).toEqual({
      ok: true,
      key,
      contentType: 'image/jpeg',
      maxBytes: 100,
      expiresAt: new Date(signed.expiresAt),
    });
    clock.advance(301_000);
    expect(store.verifySignedUpload(signed.url, { contentType: 'image/jpeg', contentLength: 1 })).toMatchObject({
      ok: false,
      code: 'url_expired',
    });
  });

  it('refuses a signing secret shorter than 32 bytes', () => {
    expect(() => open({ signingSecret: 'short' })).toThrow(/at least 32 bytes/);
  });
});
