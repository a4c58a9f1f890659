import { describe } from 'vitest';
import { lockoutRaceScenarios } from './lockout-race.scenarios.js';
import { withSqliteMemory } from './security-test-kit.js';

describe('finding 7, lockout race and per-address lockout, on SQLite', () => {
  lockoutRaceScenarios(withSqliteMemory);
});
