import { describe } from 'vitest';
import { withMysqlDatabase } from '../../tests/support/mysql-database.js';
import { templateKeyRotationScenarios } from './template-key-rotation.scenarios.js';

describe('template key rotation on MariaDB', () => {
  templateKeyRotationScenarios(withMysqlDatabase);
});
