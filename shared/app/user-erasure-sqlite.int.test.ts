import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { userErasureScenarios } from './user-erasure.scenarios.js';

userErasureScenarios('SQLite', async (run) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'fg-erasure-'));
  try {
    await run(`sqlite:${path.join(dir, 'db.sqlite')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
