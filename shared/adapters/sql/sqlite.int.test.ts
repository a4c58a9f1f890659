import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from './create-database.js';
import { migrateToLatest } from './migrate.js';
import { possessionRepositoryContract } from './possession-repositories.contract.js';
import { repositoryContract } from './repositories.contract.js';
import { securityRepositoryContract } from './security-repositories.contract.js';

// A temp file rather than :memory:, so WAL mode and the file path handling are exercised too.
const dir = mkdtempSync(join(tmpdir(), 'facegate-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

repositoryContract('SQLite (better-sqlite3, WAL file)', () =>
  createDatabase({ url: `sqlite:${join(dir, 'nested', 'facegate.db')}` }),
);
securityRepositoryContract('SQLite', () => createDatabase({ url: `sqlite:${join(dir, 'security.db')}` }));

possessionRepositoryContract('SQLite (better-sqlite3, WAL file)', () =>
  createDatabase({ url: `sqlite:${join(dir, 'possession.db')}` }),
);

describe('SQLite database factory', () => {
  it('opens a file database in WAL mode with foreign keys enforced', async () => {
    const database = await createDatabase({ url: `sqlite:${join(dir, 'pragmas.db')}` });
    try {
      const { rows: journal } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
      expect(journal[0]?.journal_mode).toBe('wal');
      const { rows: fk } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db);
      expect(fk[0]?.foreign_keys).toBe(1);
    } finally {
      await database.close();
    }
  });

  it('works in memory', async () => {
    const database = await createDatabase({ url: 'sqlite::memory:' });
    try {
      expect((await migrateToLatest(database))[0]).toBe('0001-initial-schema');
    } finally {
      await database.close();
    }
  });
});
