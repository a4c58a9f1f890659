import { describe } from 'vitest';
import { withMysqlDatabase } from '../support/mysql-database.js';
import { lockoutRaceScenarios } from './lockout-race.scenarios.js';

describe('finding 7, lockout race and per-address lockout, on MariaDB', () => {
  lockoutRaceScenarios(withMysqlDatabase);
});
