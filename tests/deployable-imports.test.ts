/**
 * What is deployed (functions/, shared/, web/src, packages/*\/src) never imports the evaluation tooling
 * (tools/eval, @facegate/eval): esbuild follows every import of every deployable file, and its metafile names
 * who imports what. Tests and test support may use the tooling; they are not deployed.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../scripts/lib/repo-paths.js';

const DEPLOYABLE_ROOTS = ['functions', 'shared', 'web/src', 'packages/client/src', 'packages/server/src'];
const NOT_DEPLOYED = /\.test\.tsx?$|\.test-support\.ts$|\.d\.ts$|(^|\/)testing\//;
const TOOLING = /^(tools\/|@facegate\/eval(\/|$))/;

function deployableFiles(): string[] {
  return DEPLOYABLE_ROOTS.flatMap((root) =>
    readdirSync(path.join(REPO_ROOT, root), { recursive: true, encoding: 'utf8' })
      .map((file) => `${root}/${file.split(path.sep).join('/')}`)
      .filter((file) => /\.tsx?$/.test(file) && !NOT_DEPLOYED.test(file)),
  );
}

/** `importer -> imported` for every import of the files (and what they reach) that lands in the tooling. */
async function toolingImports(files: readonly string[], extraSource = ''): Promise<string[]> {
  const result = await build({
    stdin: {
      contents: files.map((file) => `import './${file}';`).join('\n') + extraSource,
      resolveDir: REPO_ROOT,
      sourcefile: '<deployable>',
      loader: 'ts',
    },
    absWorkingDir: REPO_ROOT,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: 'deployable-imports.js',
    loader: { '.css': 'empty', '.svg': 'empty', '.png': 'empty', '.wasm': 'empty' },
  });
  return Object.entries(result.metafile.inputs).flatMap(([importer, input]) =>
    input.imports.filter((i) => TOOLING.test(i.path)).map((i) => `${importer} -> ${i.original ?? i.path}`),
  );
}

describe('deployable code', () => {
  const files = deployableFiles();

  it('does not import the evaluation tooling', async () => {
    expect(files).toContain('functions/api/index.ts');
    expect(files).toContain('shared/compose.ts');
    expect(await toolingImports(files)).toEqual([]);
  });

  it('would be caught importing it, by path or by package name', async () => {
    const found = await toolingImports(
      ['shared/compose.ts'],
      "\nimport './tools/eval/src/metrics/roc.js';\nimport '@facegate/eval/metrics/probit';",
    );
    expect(found).toEqual(
      expect.arrayContaining([
        '<deployable> -> ./tools/eval/src/metrics/roc.js',
        '<deployable> -> @facegate/eval/metrics/probit',
      ]),
    );
  });
});
