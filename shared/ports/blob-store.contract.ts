/**
 * The contract every BlobStore adapter passes. Call `blobStoreContract(name, setup)` from an adapter's test file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consecutivePairs } from '../arrays/consecutive-pairs.js';
import type { BlobStore } from './blob-store.js';
import { BlobStoreError, blobKeys } from './blob-store.js';

export interface BlobStoreFixture {
  store: BlobStore;
  /** The instant the store's clock reads, to check `expiresAt`. */
  nowMs: number;
  cleanup(): Promise<void>;
}

/** Keys that must be refused everywhere: traversal, absolute, empty segments, odd characters. */
export const hostileKeys = [
  '',
  '../outside.jpg',
  'tenants/t1/../../outside.jpg',
  '/etc/passwd',
  'tenants//users',
  'tenants/./t1',
  'tenants/t1/',
  'tenants\\t1\\x.jpg',
  'tenants/t1/x\u0000.jpg',
  'tenants/t1/%2e%2e/x.jpg',
  'tenants/t1/x y.jpg',
  `tenants/${'a'.repeat(1100)}`,
];

const bytes = (...values: number[]) => new Uint8Array(values);

export function blobStoreContract(name: string, setup: () => Promise<BlobStoreFixture>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let fixture: BlobStoreFixture;
    let store: BlobStore;
    const key = blobKeys.enrollCapture('t1', 'u1', 'c1');

    beforeEach(async () => {
      fixture = await setup();
      store = fixture.store;
    });
    afterEach(() => fixture.cleanup());

    it('reads back exactly the bytes written, including every byte value', async () => {
      const all = new Uint8Array(256).map((_, i) => i);
      const written = await store.put(key, all, { contentType: 'image/jpeg' });
      expect(written).toMatchObject({ key, size: 256 });
      expect(written.generation).toMatch(/^[1-9][0-9]*$/);
      expect(await store.get(key)).toEqual(all);
      expect(await store.exists(key)).toBe(true);
    });

    it('returns null / false for an object that does not exist', async () => {
      expect(await store.get(key)).toBeNull();
      expect(await store.exists(key)).toBe(false);
    });

    it('gives every rewrite of a key a higher generation', async () => {
      const generations: bigint[] = [];
      for (let i = 0; i < 3; i++) generations.push(BigInt((await store.put(key, bytes(i))).generation));
      for (const [earlier, later] of consecutivePairs(generations)) expect(later > earlier).toBe(true);
      expect(await store.get(key)).toEqual(bytes(2));
    });

    it('keeps generations increasing under concurrent writes of one key', async () => {
      const results = await Promise.all([1, 2, 3, 4].map((i) => store.put(key, bytes(i))));
      const generations = results.map((r) => BigInt(r.generation));
      expect(new Set(generations).size).toBe(4);
    });

    it('writes with ifGenerationMatch only over that generation ("0": only a new object)', async () => {
      const first = await store.put(key, bytes(1), { ifGenerationMatch: '0' });
      await expect(store.put(key, bytes(2), { ifGenerationMatch: '0' })).rejects.toMatchObject({
        name: 'BlobStoreError',
        code: 'precondition_failed',
      });
      const second = await store.put(key, bytes(3), { ifGenerationMatch: first.generation });
      await expect(store.put(key, bytes(4), { ifGenerationMatch: first.generation })).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      expect(await store.get(key)).toEqual(bytes(3));
      expect(second.generation).not.toBe(first.generation);
    });

    it('reads and deletes a pinned generation only while it is the live one', async () => {
      const first = await store.put(key, bytes(1));
      expect(await store.get(key, { generation: first.generation })).toEqual(bytes(1));
      const second = await store.put(key, bytes(2));
      expect(await store.get(key, { generation: first.generation })).toBeNull();
      await store.delete(key, { generation: first.generation });
      expect(await store.get(key)).toEqual(bytes(2));
      await store.delete(key, { generation: second.generation });
      expect(await store.exists(key)).toBe(false);
    });

    it('deletes one object; deleting a missing one is fine', async () => {
      await store.put(key, bytes(1));
      await store.delete(key);
      expect(await store.exists(key)).toBe(false);
      await expect(store.delete(key)).resolves.toBeUndefined();
    });

    it('deletes a user folder without touching a user whose id shares the prefix', async () => {
      await store.put(blobKeys.enrollCapture('t1', 'u1', 'a'), bytes(1));
      await store.put(blobKeys.enrollCapture('t1', 'u1', 'b'), bytes(2));
      await store.put('tenants/t1/users/u1/verify/c.jpg', bytes(3));
      await store.put(blobKeys.enrollCapture('t1', 'u10', 'a'), bytes(4));
      await store.put(blobKeys.enrollCapture('t2', 'u1', 'a'), bytes(5));

      expect(await store.deletePrefix(blobKeys.userPrefix('t1', 'u1'))).toBe(3);
      expect(await store.exists(blobKeys.enrollCapture('t1', 'u1', 'a'))).toBe(false);
      expect(await store.get(blobKeys.enrollCapture('t1', 'u10', 'a'))).toEqual(bytes(4));
      expect(await store.get(blobKeys.enrollCapture('t2', 'u1', 'a'))).toEqual(bytes(5));
      expect(await store.deletePrefix(blobKeys.userPrefix('t1', 'nobody'))).toBe(0);
    });

    it('refuses to delete with an empty or hostile prefix', async () => {
      await store.put(key, bytes(1));
      for (const prefix of ['', '/', '../', 'tenants/../']) {
        await expect(store.deletePrefix(prefix)).rejects.toMatchObject({ code: 'invalid_key' });
      }
      expect(await store.exists(key)).toBe(true);
    });

    it.each(hostileKeys)('refuses hostile key %j on every method', async (hostile) => {
      const refused = { name: 'BlobStoreError', code: 'invalid_key' };
      await expect(store.put(hostile, bytes(1))).rejects.toMatchObject(refused);
      await expect(store.get(hostile)).rejects.toMatchObject(refused);
      await expect(store.exists(hostile)).rejects.toMatchObject(refused);
      await expect(store.delete(hostile)).rejects.toMatchObject(refused);
      await expect(
        store.createSignedUploadUrl({ key: hostile, contentType: 'image/jpeg', maxBytes: 10, expiresInSeconds: 60 }),
      ).rejects.toBeInstanceOf(BlobStoreError);
    });

    it('signs a PUT bound to the content type and expiring after the requested lifetime', async () => {
      const signed = await store.createSignedUploadUrl({
        key,
        contentType: 'image/jpeg',
        maxBytes: 8 * 1024 * 1024,
        expiresInSeconds: 300,
      });
      expect(signed.method).toBe('PUT');
      expect(signed.headers['Content-Type']).toBe('image/jpeg');
      expect(new URL(signed.url).pathname).toContain('/tenants/t1/users/u1/enroll/c1.jpg');
      const expiresAt = Date.parse(signed.expiresAt);
      expect(expiresAt).toBeGreaterThan(fixture.nowMs + 298_000);
      expect(expiresAt).toBeLessThanOrEqual(fixture.nowMs + 300_000);
    });

    it('refuses signing requests with a bad content type, size or lifetime', async () => {
      const good = { key, contentType: 'image/jpeg', maxBytes: 1000, expiresInSeconds: 60 };
      const bad = [
        { contentType: 'image/jpeg; charset=utf-8' },
        { contentType: 'image/jpeg\nx-evil: 1' },
        { contentType: '' },
        { maxBytes: 0 },
        { maxBytes: 1.5 },
        { expiresInSeconds: 0 },
        { expiresInSeconds: 604_801 },
      ];
      for (const change of bad) {
        await expect(store.createSignedUploadUrl({ ...good, ...change })).rejects.toMatchObject({
          code: 'invalid_request',
        });
      }
    });
  });
}
