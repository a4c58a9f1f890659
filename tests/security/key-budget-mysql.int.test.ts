import { describe } from 'vitest';
import { withMysqlDatabase } from '../support/mysql-database.js';
import { keyBudgetScenarios } from './key-budget.scenarios.js';

describe('finding 10, per-key budget exhaustion, on MariaDB', () => {
  keyBudgetScenarios(withMysqlDatabase);
});
