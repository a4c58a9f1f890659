/**
 * Regenerates the SDK's wire types (packages/client/src/api-types.generated.ts) from the server's zod schemas:
 *   npm run sdk:types              rewrite the file
 *   npm run sdk:types -- --check   exit 1 when it is out of date
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseCommandLine, runCli } from './lib/cli.js';
import { generateSdkWireTypes, SDK_WIRE_TYPES } from './lib/sdk-wire-types.js';

async function main(): Promise<void> {
  const { values } = parseCommandLine({ options: { check: { type: 'boolean' } } });
  const current = await readFile(SDK_WIRE_TYPES, 'utf8').catch(() => '');
  const next = await generateSdkWireTypes();
  if (next === current) {
    console.log('the SDK wire types are up to date');
  } else if (values.check) {
    console.error('the SDK wire types are out of date: run npm run sdk:types');
    process.exitCode = 1;
  } else {
    await writeFile(SDK_WIRE_TYPES, next);
    console.log('the SDK wire types regenerated');
  }
}

runCli('usage: npm run sdk:types [-- --check]', main);
