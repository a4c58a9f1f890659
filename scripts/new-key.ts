/**
 * Prints a new secret for a deployed stack (see README, "Operating a cloud stack"), or creates a publishable key:
 *
 *   npm run -s keys:new -- template                   base64 of 32 random bytes (FACEGATE_TEMPLATE_KEY)
 *   npm run -s keys:new -- jwt [<current keys JSON>]  a new ES256 key, then the current newest (FACEGATE_JWT_SIGNING_KEYS)
 *   npm run -s keys:new -- publishable --tenant <id> --origin <https://app.example.com> [--origin …] [--label …]
 *                                                     a browser key bound to those origins, stored (hashed) in the
 *                                                     database of FACEGATE_DB_URL; prints {id, tenantId, key, allowedOrigins}
 *
 * template and jwt write nothing anywhere: pipe the output into `pulumi config set --secret`.
 */
import { parseArgs } from 'node:util';
import { composeMaintenance } from '../shared/compose-maintenance.js';
import { createPublishableKey } from '../shared/local/publishable-keys.js';
import { newTemplateKey, nextSigningKeys } from './lib/new-keys.js';

const usage =
  'usage: npm run -s keys:new -- template | jwt [<current keys JSON>] | publishable --tenant <id> --origin <origin> [--origin <origin>…] [--label <text>]';
const [kind, current, ...rest] = process.argv.slice(2);

function fail(message: string): never {
  console.error(`keys:new: ${message}`);
  process.exit(2);
}

if (kind === 'template' && current === undefined) {
  process.stdout.write(newTemplateKey() + '\n');
} else if (kind === 'jwt' && rest.length === 0) {
  try {
    process.stdout.write((await nextSigningKeys(current)) + '\n');
  } catch (error) {
    fail((error as Error).message);
  }
} else if (kind === 'publishable') {
  let values: { tenant?: string; origin?: string[]; label?: string };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(3),
      options: { tenant: { type: 'string' }, origin: { type: 'string', multiple: true }, label: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`);
  }
  if (!values.tenant || !values.origin?.length) fail(`--tenant and at least one --origin are required\n${usage}`);
  const stack = await composeMaintenance(process.env);
  try {
    const created = await createPublishableKey(stack.repos, {
      tenantId: values.tenant,
      origins: values.origin,
      label: values.label,
    });
    process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
  } catch (error) {
    if (error instanceof RangeError) fail(error.message);
    throw error;
  } finally {
    await stack.close();
  }
} else {
  console.error(usage);
  process.exit(2);
}
