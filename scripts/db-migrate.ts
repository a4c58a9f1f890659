/**
 * `npm run db:migrate [-- --grant <user>,<user>…]`: brings the schema of FACEGATE_DB_URL up to date and, on
 * MySQL, grants the listed users DML on it (scripts/lib/db-migrate.ts). Locally the service migrates by itself
 * (FACEGATE_DB_MIGRATE_ON_START defaults to true); in the cloud the deploy workflow runs this as the database admin
 * through the Cloud SQL connector (FACEGATE_CLOUD_SQL_INSTANCE), with the function users from `pulumi stack output
 * databaseUsers` (infra/README.md).
 */
import { loadConfig } from '../shared/config/load-config.js';
import { InputError, parseToolOptions, runCli } from './lib/cli.js';
import { migrateAndGrant, MigrateRequestError } from './lib/db-migrate.js';
import { GrantError } from '../shared/adapters/sql/runtime-grants.js';

const USAGE = `usage: npm run db:migrate [-- --grant <user>,<user>...]

Reads FACEGATE_DB_URL (and FACEGATE_CLOUD_SQL_INSTANCE, FACEGATE_CLOUD_SQL_IP_TYPE for Cloud SQL).
  --grant   MySQL users (a deployed function's IAM user: its service account id) to give
            SELECT, INSERT, UPDATE, DELETE on the URL's schema, after migrating`;

runCli(USAGE, async () => {
  const values = parseToolOptions(USAGE, { grant: { type: 'string' } });
  if (!values) return;
  const users = (values.grant ?? '')
    .split(',')
    .map((user) => user.trim())
    .filter((user) => user !== '');
  const config = loadConfig(process.env);
  let report;
  try {
    report = await migrateAndGrant(config.database, users);
  } catch (error) {
    if (error instanceof MigrateRequestError || error instanceof GrantError) throw new InputError(error.message);
    throw error;
  }
  const applied = report.applied.length === 0 ? 'schema already current' : `applied ${report.applied.join(', ')}`;
  process.stdout.write(`db:migrate (${config.database.kind}): ${applied}\n`);
  for (const grant of report.grants) process.stdout.write(`${grant}\n`);
});
