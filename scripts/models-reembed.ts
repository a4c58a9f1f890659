/**
 * `npm run models:reembed -- --to <version> [--tenant <id>] [--activate]`: re-embeds every enrolled user's stored
 * enrollment captures with another model version, beside the templates in use (see
 * shared/app/use-cases/reembed-templates.ts). Safe to interrupt and run again; `--activate` switches each tenant
 * once every enrolled user has a template of the new version.
 */
import { activateModelVersion } from '../shared/app/use-cases/activate-model-version.js';
import { reembedTemplates, type ReembedReport } from '../shared/app/use-cases/reembed-templates.js';
import { numberOption, parseToolOptions, runCli, UsageError } from './lib/cli.js';
import { tenantIds, withComposition } from './lib/model-commands.js';
import { rateProgress } from './lib/rate-progress.js';

const USAGE = `usage: npm run models:reembed -- --to <version> [--tenant <id>] [--activate] [--max <n>]

  --to <version>   target model version, a key of "embedders" in models/manifest.json
  --tenant <id>    only this tenant (default: every tenant)
  --activate       switch the tenant to <version> once every enrolled user has a template of it
  --max <n>        re-embed at most n captures per tenant this run (the next run carries on)

Uses the service's configuration (FACEGATE_DB_URL, FACEGATE_DATA_DIR, FACEGATE_BLOB_BACKEND…). Templates of the
new version are written beside the old ones; verify keeps using the active version until the switch.`;

function summary(r: ReembedReport): string {
  const lines = [
    `${r.tenantId}: ${r.from} -> ${r.to}: ${r.users} enrolled user(s), ${r.captures} capture(s); ` +
      `${r.embedded} embedded, ${r.skipped} already done, ${r.failures.length} failed`,
    ...r.failures.map((f) => `  failed ${f.captureId} (user ${f.userId}): ${f.reason}`),
  ];
  if (r.usersMissing.length > 0)
    lines.push(`  ${r.usersMissing.length} user(s) still without a ${r.to} template: run again, or see the failures`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, {
    to: { type: 'string' },
    tenant: { type: 'string' },
    activate: { type: 'boolean', default: false },
    max: { type: 'string' },
  });
  if (!values) return;
  if (!values.to) throw new UsageError('--to is required');
  const to = values.to;
  const maxCaptures = numberOption('max', values.max, { min: 1, integer: true });

  await withComposition(async (c) => {
    if (!c.engines.versions.includes(to))
      throw new UsageError(`--to "${to}" is not in the manifest; known: ${c.engines.versions.join(', ')}`);
    let incomplete = 0;
    for (const tenantId of await tenantIds(c, values.tenant)) {
      const report = await reembedTemplates(c.deps, {
        tenantId,
        to,
        onProgress: rateProgress(`reembed ${tenantId}`, (line) => process.stderr.write(`${line}\n`)),
        ...(maxCaptures === undefined ? {} : { maxCaptures }),
      });
      process.stdout.write(`${summary(report)}\n`);
      if (report.usersMissing.length > 0) {
        incomplete++;
        continue;
      }
      if (values.activate) {
        const { from } = await activateModelVersion(c.deps, { tenantId, to, actor: 'cli:models:reembed' });
        process.stdout.write(`  activated ${to} for ${tenantId} (was ${from})\n`);
      }
    }
    // Not done yet is not success: scripts that chain `--activate` must see it.
    if (incomplete > 0) process.exitCode = 1;
  });
}

runCli(USAGE, main);
