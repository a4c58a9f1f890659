import { withMysqlDatabase } from '../../tests/support/mysql-database.js';
import { tenantThresholdScenarios } from './tenant-thresholds.scenarios.js';

tenantThresholdScenarios('MariaDB', withMysqlDatabase);
