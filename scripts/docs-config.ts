/**
 * Regenerates README.md's configuration table from the config schema:
 *   npm run docs:config            rewrite the table
 *   npm run docs:config -- --check exit 1 when the README is out of date
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseCommandLine, runCli } from './lib/cli.js';
import { README, withConfigTable } from './lib/readme-config-table.js';

async function main(): Promise<void> {
  const { values } = parseCommandLine({ options: { check: { type: 'boolean' } } });
  const current = await readFile(README, 'utf8');
  const next = await withConfigTable(current);
  if (next === current) {
    console.log('README.md configuration table is up to date');
  } else if (values.check) {
    console.error('README.md configuration table is out of date: run npm run docs:config');
    process.exitCode = 1;
  } else {
    await writeFile(README, next);
    console.log('README.md configuration table regenerated');
  }
}

runCli('usage: npm run docs:config [-- --check]', main);
