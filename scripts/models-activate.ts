/**
 * `npm run models:activate -- --tenant <id> --to <version>`: switches the model version a tenant's verify, identify
 * and enrollment use. Refused while any enrolled user has no template of that version (run `models:reembed` first).
 */
import { activateModelVersion } from '../shared/app/use-cases/activate-model-version.js';
import { parseToolOptions, runCli, UsageError } from './lib/cli.js';
import { tenantIds, withComposition } from './lib/model-commands.js';

const USAGE = `usage: npm run models:activate -- --tenant <id> --to <version>

  --tenant <id>     the tenant to switch
  --to <version>    a key of "embedders" in models/manifest.json; every enrolled user needs a template of it`;

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, { tenant: { type: 'string' }, to: { type: 'string' } });
  if (!values) return;
  if (!values.tenant) throw new UsageError('--tenant is required');
  if (!values.to) throw new UsageError('--to is required');
  const to = values.to;
  await withComposition(async (c) => {
    const [tenantId] = await tenantIds(c, values.tenant);
    if (!tenantId) throw new UsageError('--tenant is required');
    const { from } = await activateModelVersion(c.deps, { tenantId, to, actor: 'cli:models:activate' });
    process.stdout.write(`${tenantId}: active model version ${from} -> ${to}\n`);
  });
}

runCli(USAGE, main);
