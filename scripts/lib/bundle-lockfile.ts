/**
 * A function bundle's package-lock.json, derived from the repository's own lock: exactly the installed tree the
 * bundle's dependencies reach in it, at the same paths, versions and integrity hashes. Cloud Build then runs
 * `npm ci`, so no transitive version floats between what the tests ran and what is deployed, and no registry
 * lookup is needed to write it (the lock is walked, as npm resolves a `require`: nearest node_modules upward).
 */

/** One `packages` entry of a lockfile v3 (only what this walk reads is typed). */
export interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

export interface Lockfile {
  name?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

/** The lock cannot give a complete tree for the bundle; the message names the missing package. */
export class LockfileError extends Error {
  override readonly name = 'LockfileError';
}

/** Where npm finds `name` for the package installed at `from` ('' = the root): nearest node_modules upward. */
export function resolveInLock(lock: Lockfile, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (base === '') return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent === -1 ? '' : base.slice(0, parent);
  }
}

/** The edges npm installs from a package: its dependencies, optional ones, and peers not marked optional. */
function edges(entry: LockEntry): { name: string; optional: boolean }[] {
  const peers = Object.keys(entry.peerDependencies ?? {}).map((name) => ({
    name,
    optional: entry.peerDependenciesMeta?.[name]?.optional === true,
  }));
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ...peers,
  ];
}

/** The entry as the bundle's lock holds it: production only (dev flags of the repository's lock dropped). */
function asProduction(entry: LockEntry): LockEntry {
  const { dev: _dev, devOptional, ...rest } = entry;
  return devOptional ? { ...rest, optional: true } : rest;
}

/**
 * The lockfile for a package.json with `dependencies`, cut out of `rootLock`.
 * @throws LockfileError when a dependency (or a non-optional dependency of one) is not in the lock, or the lock
 *   pins a different version than the package.json asks for.
 */
export function deriveLockfile(
  rootLock: Lockfile,
  pkg: { name: string; dependencies: Record<string, string>; engines?: Record<string, string> },
): Lockfile {
  if (rootLock.lockfileVersion < 2) throw new LockfileError('package-lock.json must be lockfileVersion 2 or 3');
  const packages: Record<string, LockEntry> = {};
  const pending: string[] = [];
  for (const [name, version] of Object.entries(pkg.dependencies)) {
    const path = resolveInLock(rootLock, '', name);
    const locked = path === undefined ? undefined : rootLock.packages[path];
    if (path === undefined || !locked) throw new LockfileError(`${name} is not in package-lock.json (run npm install)`);
    if (locked.version !== version) {
      throw new LockfileError(`${name}: package.json pins ${version}, package-lock.json has ${locked.version}`);
    }
    pending.push(path);
  }
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    const entry = rootLock.packages[path];
    if (packages[path] || !entry) continue;
    packages[path] = asProduction(entry);
    for (const edge of edges(entry)) {
      const target = resolveInLock(rootLock, path, edge.name);
      if (target) pending.push(target);
      else if (!edge.optional) throw new LockfileError(`${path} needs ${edge.name}, which package-lock.json lacks`);
    }
  }
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    name: pkg.name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: pkg.name, dependencies: pkg.dependencies, ...(pkg.engines ? { engines: pkg.engines } : {}) },
      ...sorted,
    },
  };
}
