/**
 * `npm run tenants:create` in its own process over a fresh SQLite database: the printed keys are the ones stored
 * (by hash), with the client and operator roles, and a missing name is a usage error.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { composeMaintenance } from '../shared/compose-maintenance.js';
import { hashApiKey } from '../shared/crypto/api-key-hash.js';
import { REPO_ROOT } from './lib/repo-paths.js';

const exec = promisify(execFile);
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'facegate-tenants-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const env = () => ({ ...process.env, FACEGATE_DATA_DIR: dataDir, FACEGATE_LOG_LEVEL: 'error' });

it('creates a tenant whose printed keys authenticate as client and operator', async () => {
  const { stdout } = await exec(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/tenants-create.ts'), '--name', 'Acme'],
    { cwd: REPO_ROOT, env: env() },
  );
  const created = JSON.parse(stdout) as { tenantId: string; clientKey: string; operatorKey: string };
  const stack = await composeMaintenance(env());
  try {
    const client = await stack.repos.apiKeys.findByHash(hashApiKey(created.clientKey));
    const operator = await stack.repos.apiKeys.findByHash(hashApiKey(created.operatorKey));
    expect([client?.tenantId, client?.role]).toEqual([created.tenantId, 'client']);
    expect([operator?.tenantId, operator?.role]).toEqual([created.tenantId, 'operator']);
  } finally {
    await stack.close();
  }
}, 60_000);

it('refuses a missing name', async () => {
  const failed = await exec(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/tenants-create.ts')], {
    cwd: REPO_ROOT,
    env: env(),
  }).then(
    () => undefined,
    (error: unknown) => error as { code: number; stderr: string },
  );
  expect(failed?.code).not.toBe(0);
  expect(failed?.stderr).toMatch(/--name is required/);
}, 60_000);
