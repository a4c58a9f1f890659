/**
 * Finding 9 of issue 12 on the local stack: photos, their metadata and the SQLite database (with its WAL) are
 * readable by their owner only.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../shared/adapters/local/fs-blob-store.js';
import { createDatabase, migrateToLatest } from '../../shared/adapters/sql/index.js';
import { blobKeys } from '../../shared/ports/blob-store.js';

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe('finding 9: local files are owner-only', () => {
  it('writes blobs and their metadata 0600 in 0700 folders', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fg-modes-'));
    try {
      const store = new FsBlobStore({ rootDir: dir, publicBaseUrl: 'http://localhost', signingSecret: 'x'.repeat(32) });
      const key = blobKeys.sealedCapture('t1', 'u1', 'c1');
      await store.put(key, Uint8Array.of(1, 2, 3));
      expect(await modeOf(path.join(dir, 'objects', key))).toBe(0o600);
      expect(await modeOf(path.join(dir, 'meta', key))).toBe(0o600);
      expect(await modeOf(path.dirname(path.join(dir, 'objects', key)))).toBe(0o700);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('creates the SQLite database and its WAL 0600', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fg-modes-'));
    try {
      const file = path.join(dir, 'data', 'facegate.sqlite');
      const database = await createDatabase({ url: `sqlite:${file}` });
      await migrateToLatest(database);
      expect(await modeOf(file)).toBe(0o600);
      expect(await modeOf(`${file}-wal`)).toBe(0o600);
      await database.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
