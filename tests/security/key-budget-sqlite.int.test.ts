import { describe } from 'vitest';
import { keyBudgetScenarios } from './key-budget.scenarios.js';
import { withSqliteMemory } from './security-test-kit.js';

describe('finding 10, per-key budget exhaustion, on SQLite', () => {
  keyBudgetScenarios(withSqliteMemory);
});
