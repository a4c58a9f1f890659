/** `npm run models:status -- [--tenant <id>]`: each tenant's active model version, re-embed target and coverage. */
import { modelStatus } from '../shared/app/use-cases/model-status.js';
import { parseToolOptions, runCli } from './lib/cli.js';
import { tenantIds, withComposition } from './lib/model-commands.js';

const USAGE = `usage: npm run models:status -- [--tenant <id>]

Prints, per tenant: the active model version (and whether it overrides the manifest's default), the version a
re-embed is filling, and how many enrolled users have templates of each version.`;

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, { tenant: { type: 'string' } });
  if (!values) return;
  await withComposition(async (c) => {
    process.stdout.write(`manifest default: ${c.engines.defaultVersion}; versions: ${c.engines.versions.join(', ')}\n`);
    for (const tenantId of await tenantIds(c, values.tenant)) {
      const s = await modelStatus(c.deps, tenantId);
      const coverage = Object.entries(s.usersByVersion)
        .map(([v, n]) => `${v} ${n}/${s.users}`)
        .join(', ');
      process.stdout.write(
        `${tenantId}: active ${s.activeVersion}${s.overridden ? ' (tenant override)' : ' (default)'}` +
          `${s.reembedTarget ? `, re-embedding to ${s.reembedTarget}` : ''}; users with templates: ${coverage || 'none'}\n`,
      );
    }
  });
}

runCli(USAGE, main);
