import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  assembleFunction,
  BundleError,
  LOCAL_ONLY_MODULES,
  LOCAL_ONLY_PACKAGES,
  moduleUrls,
  NATIVE_TF_PACKAGE,
  packageNameOf,
  traceImports,
  vendoredModelFiles,
  weightPackages,
} from './function-bundle.js';

let work: string;

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(work, path)), { recursive: true });
  await writeFile(join(work, path), text);
}

const rootPackage = {
  dependencies: {
    zod: '4.6.7',
    mysql2: '3.24.6',
    'better-sqlite3': '12.6.2',
    'weights-pkg': '1.2.3',
    '@scope/lib': '0.1.0',
  },
  optionalDependencies: { [NATIVE_TF_PACKAGE]: '4.22.0' },
  devDependencies: { vitest: '4.1.12' },
};
const manifest = { detector: { weights: { package: 'weights-pkg', shards: [] } }, embedders: {} };
const lockEntry = (version: string, extra: object = {}) => ({ version, integrity: `sha512-${version}`, ...extra });
const rootLock = {
  lockfileVersion: 3,
  packages: {
    '': { name: 'repo' },
    'node_modules/zod': lockEntry('4.6.7'),
    'node_modules/mysql2': lockEntry('3.24.6', { dependencies: { 'lru-cache': '^7' } }),
    'node_modules/lru-cache': lockEntry('7.18.3'),
    'node_modules/better-sqlite3': lockEntry('12.6.2'),
    'node_modules/weights-pkg': lockEntry('1.2.3'),
    'node_modules/@scope/lib': lockEntry('0.1.0'),
    [`node_modules/${NATIVE_TF_PACKAGE}`]: lockEntry('4.22.0', { optional: true }),
    'node_modules/vitest': lockEntry('4.1.12', { dev: true }),
  },
};

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'facegate-bundle-'));
  await put('repo/package.json', JSON.stringify(rootPackage));
  await put('repo/models/manifest.json', JSON.stringify(manifest));
  await put('repo/package-lock.json', JSON.stringify(rootLock));
  await put(
    'compiled/functions/fn/index.js',
    "import { a } from '../../shared/a.js';\nimport '../../shared/side-effect.js';\nexport { a };\n",
  );
  await put(
    'compiled/shared/a.js',
    "import { z } from 'zod';\nimport { readFile } from 'node:fs/promises';\nimport path from 'path';\n" +
      "export * from './b.js';\nexport const a = () => import('mysql2');\nconst name = 'x'; await import(name);\n" +
      "export const local = () => import('better-sqlite3');\nimport './face/models/model-manifest.js';\n",
  );
  await put('compiled/shared/face/models/model-manifest.js', 'export const manifest = 1;\n');
  await put('compiled/shared/b.js', "export { thing } from '@scope/lib/sub/path.js';\n");
  await put('compiled/shared/side-effect.js', 'globalThis.x = 1;\n');
  await put('compiled/shared/unused.js', "import 'vitest';\n");
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const assemble = (name = 'fn') =>
  assembleFunction({
    name,
    compiledRoot: join(work, 'compiled'),
    repoRoot: join(work, 'repo'),
    outDir: join(work, 'out', name),
  });

describe('function bundle', () => {
  it('traces static, side-effect, re-export and literal dynamic imports through the compiled tree', async () => {
    const trace = await traceImports(join(work, 'compiled'), 'functions/fn/index.js');
    expect(trace.files).toEqual([
      'functions/fn/index.js',
      'shared/a.js',
      'shared/b.js',
      'shared/face/models/model-manifest.js',
      'shared/side-effect.js',
    ]);
    expect([...trace.packages].sort()).toEqual(['@scope/lib', 'better-sqlite3', 'mysql2', 'zod']);
    // Loaded with the file, as opposed to on demand (mysql2, better-sqlite3 behind `import()`).
    expect([...trace.staticPackages].sort()).toEqual(['@scope/lib', 'zod']);
  });

  it('follows a worker entry named by new URL(…, import.meta.url), only a relative compiled .js one', async () => {
    const source =
      "const WORKER = new URL('./pool/face-worker.js', import.meta.url);\n" +
      "const src = new URL('./face-worker-from-source.mjs', import.meta.url);\n" +
      "const page = new URL('https://example.com/x.js', import.meta.url);\nnew URL('./data.json', import.meta.url);";
    expect(moduleUrls(source)).toEqual(['./pool/face-worker.js']);
    await put('compiled/shared/side-effect.js', source);
    await put('compiled/shared/pool/face-worker.js', "import 'zod';\n");
    const trace = await traceImports(join(work, 'compiled'), 'functions/fn/index.js');
    expect(trace.files).toContain('shared/pool/face-worker.js');
    expect(trace.files).not.toContain('shared/face-worker-from-source.mjs');
  });

  it('leaves local-only modules imported on demand out, and refuses them imported statically', async () => {
    expect(LOCAL_ONLY_MODULES).toEqual(expect.arrayContaining(['shared/local/', 'shared/adapters/local/']));
    await put('compiled/shared/local/local-secrets.js', "import 'zod';\nexport class LocalSecrets {}\n");
    await put(
      'compiled/shared/side-effect.js',
      "export const secrets = () => import('./local/local-secrets.js');\nglobalThis.x = 1;\n",
    );
    const trace = await traceImports(join(work, 'compiled'), 'functions/fn/index.js');
    expect(trace.leftOut).toEqual(['shared/local/local-secrets.js']);
    expect(trace.files).not.toContain('shared/local/local-secrets.js');
    await assemble();
    await expect(stat(join(work, 'out/fn/shared/local/local-secrets.js'))).rejects.toThrow(/ENOENT/);

    await put(
      'compiled/shared/side-effect.js',
      "import { LocalSecrets } from './local/local-secrets.js';\nnew LocalSecrets();\n",
    );
    await expect(assemble()).rejects.toThrow(
      /shared\/local\/local-secrets\.js is local-only but shared\/side-effect\.js imports it statically/,
    );
  });

  it('leaves a local-only package imported on demand out of the deployed package.json', async () => {
    expect(LOCAL_ONLY_PACKAGES.has('better-sqlite3')).toBe(true);
    const result = await assemble();
    expect(result.dependencies).not.toHaveProperty('better-sqlite3');
    expect(result.dependencies).toHaveProperty('mysql2');
  });

  it('refuses a local-only package imported statically, which the deployed function could not load', async () => {
    await put('compiled/shared/b.js', "import Database from 'better-sqlite3';\nexport const thing = Database;\n");
    await expect(assemble()).rejects.toThrow(/function fn: better-sqlite3 is local-only but imported statically/);
  });

  it('names the package of a specifier and leaves out Node built-ins', () => {
    expect(packageNameOf('@tensorflow/tfjs-core/dist/base')).toBe('@tensorflow/tfjs-core');
    expect(packageNameOf('zod/v4')).toBe('zod');
    expect([packageNameOf('node:fs'), packageNameOf('path'), packageNameOf('fs/promises')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('collects the weight packages of every model in a manifest', () => {
    expect([
      ...weightPackages({
        detector: { weights: { package: 'a' } },
        embedders: { x: { weights: { package: 'b' } }, y: { weights: { package: 'a' } } },
      }),
    ]).toEqual(['a', 'b']);
  });

  it('copies only the reached files, the manifest, and a package.json pinned like the root', async () => {
    const result = await assemble();
    const out = join(work, 'out', 'fn');
    expect(result).toMatchObject({ name: 'fn', main: 'functions/fn/index.js', files: 5, faceRuntime: true });
    const pkg = JSON.parse(await readFile(join(out, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toEqual({
      name: 'facegate-fn',
      private: true,
      type: 'module',
      main: 'functions/fn/index.js',
      engines: { node: '22' },
      dependencies: {
        '@scope/lib': '0.1.0',
        mysql2: '3.24.6',
        'weights-pkg': '1.2.3',
        zod: '4.6.7',
      },
    });
    // The lock installs exactly these and what they need, as the repository's lock pins them.
    const lock = JSON.parse(await readFile(join(out, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; dependencies?: unknown }>;
    };
    expect(Object.keys(lock.packages)).toEqual([
      '',
      'node_modules/@scope/lib',
      'node_modules/lru-cache',
      'node_modules/mysql2',
      'node_modules/weights-pkg',
      'node_modules/zod',
    ]);
    expect(lock.packages['']!.dependencies).toEqual(pkg.dependencies);
    expect(lock.packages['node_modules/lru-cache']!.version).toBe('7.18.3');
    expect(await readFile(join(out, 'functions/fn/index.js'), 'utf8')).toContain("from '../../shared/a.js'");
    expect(JSON.parse(await readFile(join(out, 'models/manifest.json'), 'utf8'))).toEqual(manifest);
    await expect(stat(join(out, 'shared/unused.js'))).rejects.toThrow(/ENOENT/);
  });

  it('ships no weights, model files or native backend to a function that never reaches the face runtime', async () => {
    await put('compiled/functions/plain/index.js', "import { z } from 'zod';\nexport { z };\n");
    const result = await assemble('plain');
    expect(result).toMatchObject({ faceRuntime: false, dependencies: { zod: '4.6.7' }, lockedPackages: 1 });
    await expect(stat(join(work, 'out/plain/models/manifest.json'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a bundle the repository lock cannot install exactly', async () => {
    const stale = { ...rootLock, packages: { ...rootLock.packages, 'node_modules/zod': lockEntry('4.0.0') } };
    await put('repo/package-lock.json', JSON.stringify(stale));
    await expect(assemble()).rejects.toThrow(
      /function fn: zod: package\.json pins 4\.6\.7, package-lock\.json has 4\.0\.0/,
    );
  });

  it('ships the PAD parameter files the manifest names beside it', async () => {
    const withPad = { ...manifest, pad: { active: 'pad-x', models: { 'pad-x': { file: 'pad-x.json' } } } };
    await put('repo/models/manifest.json', JSON.stringify(withPad));
    await put('repo/models/pad-x.json', '{"pad":1}');
    await assemble();
    expect(await readFile(join(work, 'out/fn/models/pad-x.json'), 'utf8')).toBe('{"pad":1}');
  });

  it('ships the vendored ONNX model files to functions that run ONNX models, and only to those', async () => {
    const withOnnx = {
      ...manifest,
      embedders: { arc: { model: { vendored: 'pkg@1.0.0', path: 'model/m.onnx', sha256: 'x' } } },
    };
    await put('repo/models/manifest.json', JSON.stringify(withOnnx));
    await put('repo/node_modules/.facegate-vendor/pkg@1.0.0/model/m.onnx', 'onnx-bytes');
    const root = JSON.parse(JSON.stringify(rootPackage)) as typeof rootPackage & {
      dependencies: Record<string, string>;
    };
    root.dependencies['onnxruntime-node'] = '1.31.1';
    await put('repo/package.json', JSON.stringify(root));
    const lockWithOnnx = {
      ...rootLock,
      packages: { ...rootLock.packages, 'node_modules/onnxruntime-node': lockEntry('1.31.1') },
    };
    await put('repo/package-lock.json', JSON.stringify(lockWithOnnx));
    await assemble();
    await expect(stat(join(work, 'out/fn/models/vendor/pkg@1.0.0/model/m.onnx'))).rejects.toThrow(/ENOENT/);

    await put('compiled/shared/side-effect.js', "import * as ort from 'onnxruntime-node';\nglobalThis.x = ort;\n");
    const result = await assemble();
    expect(await readFile(join(work, 'out/fn/models/vendor/pkg@1.0.0/model/m.onnx'), 'utf8')).toBe('onnx-bytes');
    expect(result.dependencies['onnxruntime-node']).toBe('1.31.1');
    expect(vendoredModelFiles(withOnnx)).toEqual([
      ['node_modules/.facegate-vendor/pkg@1.0.0/model/m.onnx', 'models/vendor/pkg@1.0.0/model/m.onnx'],
    ]);
  });

  it('replaces a previous build of the same function', async () => {
    await put('out/fn/stale.js', 'old');
    await assemble();
    await expect(stat(join(work, 'out/fn/stale.js'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses code that needs a devDependency or an unlisted package', async () => {
    await put('compiled/shared/b.js', "import 'vitest';\nimport 'left-pad';\n");
    const error = await assemble().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as Error).message).toMatch(
      /^function fn: left-pad is not in package\.json; vitest is a devDependency/,
    );
  });

  it('refuses a relative import that tsc did not compile, and a function without an entry point', async () => {
    await put('compiled/shared/b.js', "import './missing.js';\n");
    await expect(assemble()).rejects.toThrow(/shared\/missing\.js is imported but was not compiled/);
    await expect(assemble('nope')).rejects.toThrow(/no compiled entry point functions\/nope\/index\.js/);
  });
});
