/**
 * The whole `npm run build`: check the model weights, compile shared/ and functions/ with tsc
 * (tsconfig.build.json), then assemble one deployable folder per function (./function-bundle.ts).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readModelManifest } from '../../shared/face/models/model-manifest.js';
import { readPinned, type PinnedWeights } from '../../shared/face/models/weights.js';
import { readVendored } from '../../shared/face/models/vendored-file.js';
import { assembleFunction, BundleError, listFunctionNames, type BundleResult } from './function-bundle.js';

const require = createRequire(import.meta.url);

export interface BuildOptions {
  repoRoot: string;
  /** Deployable folders go to `<outDir>/<name>/`. */
  outDir: string;
  /** tsc's output, rebuilt from scratch (default `<outDir>/../.compiled`). */
  compiledDir?: string;
}

/** Fails early, with the file named, when an installed weight file is not the one the manifest pins. */
export async function checkPinnedWeights(): Promise<number> {
  const manifest = readModelManifest();
  const all: PinnedWeights[] = [
    manifest.detector.weights,
    ...Object.values(manifest.embedders).flatMap((e) => (e.weights ? [e.weights] : [])),
  ];
  let checked = 0;
  for (const e of Object.values(manifest.embedders)) {
    if (e.model) {
      await readVendored(e.model);
      checked += 1;
    }
  }
  for (const weights of all) {
    for (const file of [weights.manifest, ...weights.shards]) {
      await readPinned(weights.package, file);
      checked += 1;
    }
  }
  return checked;
}

/** Compiles with tsc into `compiledDir`. @throws BundleError with tsc's diagnostics. */
export function compile(repoRoot: string, compiledDir: string): void {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', compiledDir], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new BundleError(`tsc failed:\n${result.stdout}${result.stderr}`);
}

export async function buildFunctions(options: BuildOptions): Promise<BundleResult[]> {
  const compiledDir = options.compiledDir ?? join(options.outDir, '..', '.compiled');
  await checkPinnedWeights();
  await rm(compiledDir, { recursive: true, force: true });
  compile(options.repoRoot, compiledDir);
  const names = await listFunctionNames(join(options.repoRoot, 'functions'));
  const results: BundleResult[] = [];
  for (const name of names) {
    results.push(
      await assembleFunction({
        name,
        compiledRoot: compiledDir,
        repoRoot: options.repoRoot,
        outDir: join(options.outDir, name),
      }),
    );
  }
  return results;
}
