import { describe } from 'vitest';
import { withMysqlDatabase } from '../support/mysql-database.js';
import { uploadReplayScenarios } from './upload-replay.scenarios.js';

describe('finding 2, upload URL replay and photo swap, on MariaDB', () => {
  uploadReplayScenarios(withMysqlDatabase);
});
