import { describe } from 'vitest';
import { enrollmentHijackScenarios } from './enrollment-hijack.scenarios.js';
import { withSqliteMemory } from './security-test-kit.js';

describe('finding 1, enrollment hijack, on SQLite', () => {
  enrollmentHijackScenarios(withSqliteMemory);
});
