import { describe } from 'vitest';
import { withMysqlDatabase } from '../support/mysql-database.js';
import { dataAtRestScenarios } from './data-at-rest.scenarios.js';

describe('finding 9, secrets and photos at rest, on MariaDB', () => {
  dataAtRestScenarios(withMysqlDatabase);
});
