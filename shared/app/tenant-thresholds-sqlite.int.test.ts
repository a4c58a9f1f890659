import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tenantThresholdScenarios } from './tenant-thresholds.scenarios.js';

tenantThresholdScenarios('SQLite', async (run) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'fg-selfcal-db-'));
  try {
    await run(`sqlite:${path.join(dir, 'db.sqlite')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
