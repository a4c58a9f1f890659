import { describe } from 'vitest';
import { uploadReplayScenarios } from './upload-replay.scenarios.js';
import { withSqliteMemory } from './security-test-kit.js';

describe('finding 2, upload URL replay and photo swap, on SQLite', () => {
  uploadReplayScenarios(withSqliteMemory);
});
