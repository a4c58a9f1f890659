import { describe, expect, it } from 'vitest';
import { deriveLockfile, LockfileError, resolveInLock, type Lockfile } from './bundle-lockfile.js';

const entry = (version: string, extra: object = {}) => ({ version, integrity: `sha512-${version}`, ...extra });

/** A repository lock with a nested copy (b needs c@1 while the root has c@2), dev-only and optional packages. */
const lock: Lockfile = {
  lockfileVersion: 3,
  packages: {
    '': { name: 'repo' },
    'node_modules/a': entry('1.0.0', { dependencies: { b: '^1', c: '^2' }, optionalDependencies: { gone: '1' } }),
    'node_modules/b': entry('1.1.0', {
      dependencies: { c: '^1' },
      peerDependencies: { p: '*', q: '*' },
      peerDependenciesMeta: { q: { optional: true } },
    }),
    'node_modules/b/node_modules/c': entry('1.0.5'),
    'node_modules/c': entry('2.0.0'),
    'node_modules/p': entry('3.0.0', { devOptional: true }),
    'node_modules/@s/x': entry('0.1.0', { dependencies: { c: '*' } }),
    'node_modules/@s/x/node_modules/y': entry('0.2.0', { dependencies: { c: '*' } }),
    'node_modules/tool': entry('9.0.0', { dev: true }),
  },
};

describe('bundle lockfile', () => {
  it('resolves a dependency as npm does: the nearest node_modules upward', () => {
    expect(resolveInLock(lock, 'node_modules/b', 'c')).toBe('node_modules/b/node_modules/c');
    expect(resolveInLock(lock, 'node_modules/a', 'c')).toBe('node_modules/c');
    expect(resolveInLock(lock, 'node_modules/@s/x/node_modules/y', 'c')).toBe('node_modules/c');
    expect(resolveInLock(lock, '', 'missing')).toBeUndefined();
  });

  it('keeps exactly the tree the dependencies reach, at the same paths and versions, production only', () => {
    const derived = deriveLockfile(lock, {
      name: 'facegate-fn',
      dependencies: { a: '1.0.0' },
      engines: { node: '22' },
    });
    expect(derived.lockfileVersion).toBe(3);
    expect(derived.packages['']).toEqual({
      name: 'facegate-fn',
      dependencies: { a: '1.0.0' },
      engines: { node: '22' },
    });
    expect(Object.keys(derived.packages)).toEqual([
      '',
      'node_modules/a',
      'node_modules/b',
      'node_modules/b/node_modules/c',
      'node_modules/c',
      'node_modules/p',
    ]);
    expect(derived.packages['node_modules/b/node_modules/c']).toEqual(entry('1.0.5'));
    // Reached through a production edge, so no longer dev-only: npm ci installs it.
    expect(derived.packages['node_modules/p']).toEqual({ ...entry('3.0.0'), optional: true });
    expect(JSON.stringify(derived)).not.toContain('"dev"');
  });

  it('refuses what npm ci would refuse or install differently', () => {
    expect(() => deriveLockfile(lock, { name: 'x', dependencies: { a: '1.0.1' } })).toThrow(
      /a: package\.json pins 1\.0\.1, package-lock\.json has 1\.0\.0/,
    );
    expect(() => deriveLockfile(lock, { name: 'x', dependencies: { nothere: '1.0.0' } })).toThrow(LockfileError);
    const { 'node_modules/c': _removed, ...withoutC } = lock.packages;
    const broken: Lockfile = { ...lock, packages: withoutC };
    expect(() => deriveLockfile(broken, { name: 'x', dependencies: { a: '1.0.0' } })).toThrow(
      /node_modules\/a needs c, which package-lock\.json lacks/,
    );
    expect(() => deriveLockfile({ ...lock, lockfileVersion: 1 }, { name: 'x', dependencies: {} })).toThrow(
      /lockfileVersion/,
    );
  });
});
