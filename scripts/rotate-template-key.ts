/**
 * `npm run keys:rotate-template -- [--dry-run] [--batch-size N]`: re-encrypts every stored face template under
 * the active template key, resumably; see scripts/lib/template-key-rotation.ts for the local and configured flows.
 * Exit code 1 when the rotation could not finish (unreadable rows).
 */
import { numberOption, parseToolOptions, runCli } from './lib/cli.js';
import { runTemplateKeyRotation } from './lib/template-key-rotation.js';

const USAGE = `usage: npm run keys:rotate-template -- [--dry-run] [--batch-size N]

  --dry-run        count templates per key, change nothing
  --batch-size N   templates re-encrypted per batch (default 200)

Reads the same environment as the service (FACEGATE_DB_URL, FACEGATE_DATA_DIR, FACEGATE_TEMPLATE_KEY, …).`;

runCli(USAGE, async () => {
  const values = parseToolOptions(USAGE, { 'dry-run': { type: 'boolean' }, 'batch-size': { type: 'string' } });
  if (!values) return;
  const batchSize = numberOption('batch-size', values['batch-size'], { min: 1, max: 10_000, integer: true });
  const result = await runTemplateKeyRotation(process.env, {
    dryRun: values['dry-run'] === true,
    ...(batchSize === undefined ? {} : { batchSize }),
    write: (line) => process.stdout.write(`${line}\n`),
  });
  if (!result.dryRun && (result.remaining > 0 || result.failed.length > 0)) process.exitCode = 1;
});
