import { describe } from 'vitest';
import { dataAtRestScenarios } from './data-at-rest.scenarios.js';
import { withSqliteMemory } from './security-test-kit.js';

describe('finding 9, secrets and photos at rest, on SQLite', () => {
  dataAtRestScenarios(withSqliteMemory);
});
