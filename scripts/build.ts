/**
 * Builds the deployable source of every Cloud Function into dist/functions/<name>/ (compiled JavaScript, the
 * model files, a package.json with the weight packages as dependencies, and a package-lock.json cut out of the
 * repository's lock); the Pulumi program in infra/ archives and deploys these folders. The cloud runs the wasm
 * backend (FACEGATE_TF_BACKEND=wasm, set by infra/), so tfjs-node is not shipped.
 *
 *   npm run build [-- --out <dir>]
 */
import { join, resolve } from 'node:path';
import { parseCommandLine, runCli, InputError } from './lib/cli.js';
import { buildFunctions } from './lib/build-functions.js';
import { BundleError } from './lib/function-bundle.js';
import { REPO_ROOT, repoRelative } from './lib/repo-paths.js';

const usage = 'usage: npm run build [-- --out <dir>]   (default dist/functions)';

runCli(usage, async () => {
  const { values } = parseCommandLine({ options: { out: { type: 'string' } }, allowPositionals: false });
  const outDir = resolve(values.out ?? join(REPO_ROOT, 'dist', 'functions'));
  const started = Date.now();
  let results;
  try {
    results = await buildFunctions({ repoRoot: REPO_ROOT, outDir });
  } catch (error) {
    if (error instanceof BundleError) throw new InputError(error.message);
    throw error;
  }
  for (const r of results) {
    const deps = Object.keys(r.dependencies).length;
    console.log(
      `${repoRelative(join(outDir, r.name))}: main ${r.main}, ${r.files} files, ${deps} dependencies, ` +
        `${r.lockedPackages} locked packages${r.faceRuntime ? '' : ', no face runtime'}` +
        (r.leftOut.length ? `, ${r.leftOut.length} local-only modules left out` : ''),
    );
  }
  console.log(`built ${results.length} functions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
