import { describe } from 'vitest';
import { withMysqlDatabase } from '../../tests/support/mysql-database.js';
import { retentionScenarios } from './retention-job.scenarios.js';

describe('retention on MariaDB', () => {
  retentionScenarios(withMysqlDatabase);
});
