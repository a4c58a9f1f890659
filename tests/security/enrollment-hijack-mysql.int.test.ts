import { describe } from 'vitest';
import { withMysqlDatabase } from '../support/mysql-database.js';
import { enrollmentHijackScenarios } from './enrollment-hijack.scenarios.js';

describe('finding 1, enrollment hijack, on MariaDB', () => {
  enrollmentHijackScenarios(withMysqlDatabase);
});
