/**
 * keys:rotate-signing, keys:rotate-template and retention in their own processes over a fresh local data dir
 * (SQLite, generated secrets): what they print, what they leave in secrets.json, and their exit codes.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../shared/app/logger.js';
import { composeMaintenance } from '../shared/compose.js';
import { REPO_ROOT } from './lib/repo-paths.js';

const exec = promisify(execFile);
let dataDir: string;

async function command(name: string, ...args: string[]) {
  try {
    const { stdout } = await exec(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, `scripts/${name}.ts`), ...args],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, FACEGATE_DATA_DIR: dataDir, FACEGATE_LOG_LEVEL: 'error' },
      },
    );
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

const secrets = async () =>
  JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')) as {
    signingKeys?: { kid: string }[];
    templateKeys?: { active: string; keys: Record<string, string> };
  };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'fg-maintenance-cli-'));
  const stack = await composeMaintenance({ FACEGATE_DATA_DIR: dataDir }, { log: silentLogger });
  await stack.signingKeys.keys(); // the first key, as a first `npm start` would make it
  await stack.close();
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('maintenance commands', () => {
  it('keys:rotate-signing adds a signing key and keeps the previous one published', async () => {
    const [first] = (await secrets()).signingKeys ?? [];
    const run = await command('rotate-signing-key');
    expect(run.code).toBe(0);
    const keys = (await secrets()).signingKeys ?? [];
    expect(keys).toHaveLength(2);
    expect(keys[1]?.kid).toBe(first?.kid);
    expect(run.stdout).toContain(`now signing with ${keys[0]?.kid}; published: ${keys[0]?.kid}, ${first?.kid}`);
  });

  it('keys:rotate-template makes k2, finds nothing to re-encrypt in an empty database, and forgets k1', async () => {
    const dry = await command('rotate-template-key', '--dry-run');
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.stdout).toContain('dry run: 0 tenants');
    const run = await command('rotate-template-key', '--batch-size', '50');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('new template key k2');
    expect(run.stdout).toContain('rotation finished: deleted old keys k1');
    expect(await secrets()).toMatchObject({ templateKeys: { active: 'k2' } });
    expect(Object.keys((await secrets()).templateKeys?.keys ?? {})).toEqual(['k2']);
    expect((await command('rotate-template-key', '--batch-size', '0')).code).toBe(2);
  });

  it('retention reports what it did', async () => {
    const run = await command('retention');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^retention over 0 tenants: 0 login captures from before \S+ deleted; client details of 0 attempts/,
    );
  });
});
