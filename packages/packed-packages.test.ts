/**
 * What an integrator installs: each workspace package is built and packed as `npm pack` makes it, installed from the
 * tarball into an empty project outside the repository (offline, no scripts; a runtime dependency is linked from
 * the repository's node_modules), and that project's TypeScript, checking the declarations too (no skipLibCheck),
 * must compile against it. Then Node imports the package. A declaration that reached outside its package (the
 * server's schemas, zod) fails here.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../scripts/lib/repo-paths.js';

const run = promisify(execFile);
const TSC = path.join(REPO_ROOT, 'node_modules/.bin/tsc');

/** A consumer's code per package: its types must be the real ones (each `@ts-expect-error` must find an error). */
const CONSUMERS = {
  client: `
import { FaceGateClient, isFaceGateError, type Attempt, type UserPage, type VerifyResult } from '@facegate/client';

const facegate = new FaceGateClient({ baseUrl: 'https://facegate.example.com', apiKey: 'fgpk_example' });

export async function logIn(photo: Blob): Promise<string | undefined> {
  try {
    const result: VerifyResult = await facegate.verify('ada', photo);
    return result.decision === 'granted' ? result.token : result.reason;
  } catch (error) {
    if (isFaceGateError(error, 'rate_limited')) return \`retry in \${error.retryAfterSeconds} s\`;
    throw error;
  }
}

export const names = (page: UserPage): string[] => page.users.map((user) => user.username);
export const labelled = (attempt: Attempt): string => attempt.label?.label ?? 'unlabelled';
// @ts-expect-error a decision is granted or denied
export const wrong: VerifyResult['decision'] = 'maybe';
`,
  server: `
import { FaceGateTokenError, verifyFaceGateToken, type FaceGateClaims } from '@facegate/server';

const options = { tenant: 'ten_x', issuerBaseUrl: 'https://facegate.example.com' };

export async function userOf(token: string): Promise<string> {
  try {
    const claims: FaceGateClaims = await verifyFaceGateToken(token, options);
    return \`\${claims.username} (\${claims.amr.join('+')})\`;
  } catch (error) {
    if (error instanceof FaceGateTokenError) return error.code;
    throw error;
  }
}
// @ts-expect-error the options name the tenant
export const wrong = verifyFaceGateToken('token', { issuerBaseUrl: 'https://facegate.example.com' });
`,
} as const;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
  },
  files: ['consumer.ts'],
};

const work = await mkdtemp(path.join(tmpdir(), 'fg-packed-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/** Builds and packs a package; returns the tarball and the files it holds. */
async function pack(name: keyof typeof CONSUMERS): Promise<{ tarball: string; files: string[] }> {
  const dir = path.join(REPO_ROOT, 'packages', name);
  await rm(path.join(dir, 'dist'), { recursive: true, force: true });
  await run(TSC, ['-p', path.join(dir, 'tsconfig.build.json')]);
  const destination = await mkdtemp(path.join(work, `${name}-pack-`));
  const { stdout } = await run(
    'npm',
    ['pack', '--offline', '--ignore-scripts', '--json', '--pack-destination', destination],
    {
      cwd: dir,
    },
  );
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(destination, packed!.filename), files: packed!.files.map((f) => f.path) };
}

/** An empty project with the tarball installed, its runtime dependencies linked from the repository. */
async function install(name: keyof typeof CONSUMERS, tarball: string): Promise<string> {
  const project = path.join(work, `${name}-consumer`);
  await mkdir(path.join(project, 'node_modules'), { recursive: true });
  await writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  const manifest = JSON.parse(await readFile(path.join(REPO_ROOT, 'packages', name, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    await symlink(path.join(REPO_ROOT, 'node_modules', dependency), path.join(project, 'node_modules', dependency));
  }
  const flags = ['--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'];
  await run('npm', ['install', ...flags, tarball], { cwd: project });
  await writeFile(path.join(project, 'consumer.ts'), CONSUMERS[name]);
  await writeFile(path.join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  return project;
}

/** tsc's report on the project; empty when it compiles. */
async function typeErrors(project: string): Promise<string> {
  try {
    await run(TSC, ['-p', project]);
    return '';
  } catch (error) {
    return (error as { stdout?: string }).stdout ?? String(error);
  }
}

describe.each(['client', 'server'] as const)('@facegate/%s as packed', (name) => {
  const packed = pack(name);
  const installed = packed.then(({ tarball }) => install(name, tarball));

  it('holds the built JavaScript and declarations only', async () => {
    const { files } = await packed;
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files.filter((file) => file !== 'package.json' && !file.startsWith('dist/'))).toEqual([]);
    expect(files.filter((file) => /\.test\.|(?<!\.d)\.ts$/.test(file))).toEqual([]);
  });

  it('has declarations that import nothing outside the package but its dependencies', async () => {
    const dist = path.join(await installed, 'node_modules/@facegate', name, 'dist');
    for (const file of (await readdir(dist)).filter((f) => f.endsWith('.d.ts'))) {
      const text = await readFile(path.join(dist, file), 'utf8');
      const specifiers = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      expect(
        specifiers.filter((s) => !s.startsWith('./') && s !== 'jose'),
        file,
      ).toEqual([]);
    }
  });

  it('compiles in a fresh project that uses its types (tsc, strict, declarations checked)', async () => {
    expect(await typeErrors(await installed)).toBe('');
  });

  it('loads in Node from the installed package', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import('@facegate/${name}'); console.log(Object.keys(m).sort().join())`,
      ],
      { cwd: await installed },
    );
    expect(stdout).toContain(name === 'client' ? 'FaceGateClient' : 'verifyFaceGateToken');
  });
});
