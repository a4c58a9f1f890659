/**
 * `npm run tenants:create -- --name <name>`: creates a tenant with one client and one operator API key in the
 * database of FACEGATE_DB_URL and prints `{tenantId, clientKey, operatorKey}` once (only the keys' hashes are
 * stored). A cloud stack has no demo tenant: run this through the Cloud SQL connector as the database admin
 * (infra/README.md, "A first enrollment"); locally `npm start` creates a demo tenant itself.
 */
import { composeMaintenance } from '../shared/compose-maintenance.js';
import { createTenantWithKeys } from '../shared/local/demo-tenant.js';
import { InputError, parseToolOptions, runCli } from './lib/cli.js';

const USAGE = `usage: npm run tenants:create -- --name <tenant name>

Reads FACEGATE_DB_URL (and FACEGATE_CLOUD_SQL_INSTANCE, FACEGATE_CLOUD_SQL_IP_TYPE for Cloud SQL).
Prints {tenantId, clientKey, operatorKey} as JSON; the keys are not shown again.`;

runCli(USAGE, async () => {
  const values = parseToolOptions(USAGE, { name: { type: 'string' } });
  if (!values) return;
  const name = values.name?.trim();
  if (!name) throw new InputError('--name is required');
  const stack = await composeMaintenance(process.env);
  try {
    const credentials = await createTenantWithKeys(stack.repos, name);
    process.stdout.write(`${JSON.stringify(credentials, null, 2)}\n`);
  } finally {
    await stack.close();
  }
});
