import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { templateKeyRotationScenarios } from './template-key-rotation.scenarios.js';

describe('template key rotation on SQLite', () => {
  templateKeyRotationScenarios(async (body) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fg-rotate-db-'));
    try {
      await body(`sqlite:${path.join(dir, 'db.sqlite')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
