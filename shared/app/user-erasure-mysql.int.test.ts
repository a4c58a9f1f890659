import { withMysqlDatabase } from '../../tests/support/mysql-database.js';
import { userErasureScenarios } from './user-erasure.scenarios.js';

userErasureScenarios('MariaDB', withMysqlDatabase);
