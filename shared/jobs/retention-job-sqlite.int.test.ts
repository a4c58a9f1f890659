import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { retentionScenarios } from './retention-job.scenarios.js';

describe('retention on SQLite', () => {
  retentionScenarios(async (run) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fg-retention-db-'));
    try {
      await run(`sqlite:${path.join(dir, 'db.sqlite')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
