/**
 * `npm run keys:new -- publishable` in its own process over a fresh SQLite database: the printed key is stored (by
 * hash) as a client key bound to the given origins, and a bad origin or unknown tenant is refused.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { composeMaintenance } from '../shared/compose-maintenance.js';
import { hashApiKey } from '../shared/crypto/api-key-hash.js';
import { createTenantWithKeys } from '../shared/local/demo-tenant.js';
import { REPO_ROOT } from './lib/repo-paths.js';

const exec = promisify(execFile);
let dataDir: string;
let tenantId: string;

const env = () => ({ ...process.env, FACEGATE_DATA_DIR: dataDir, FACEGATE_LOG_LEVEL: 'error' });
const keysNew = (...args: string[]) =>
  exec(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/new-key.ts'), ...args], {
    cwd: REPO_ROOT,
    env: env(),
  });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'facegate-keys-'));
  const stack = await composeMaintenance(env());
  try {
    tenantId = (await createTenantWithKeys(stack.repos, 'Acme')).tenantId;
  } finally {
    await stack.close();
  }
}, 60_000);

afterAll(() => rm(dataDir, { recursive: true, force: true }));

it('creates a publishable key bound to the given origins', async () => {
  const { stdout } = await keysNew(
    'publishable',
    '--tenant',
    tenantId,
    '--origin',
    'https://app.example.com/',
    '--origin',
    'HTTP://LOCALHOST:5173',
  );
  const created = JSON.parse(stdout) as { key: string; tenantId: string; allowedOrigins: string[] };
  expect(created.key).toMatch(/^fgpk_/);
  expect(created.allowedOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
  const stack = await composeMaintenance(env());
  try {
    const stored = await stack.repos.apiKeys.findByHash(hashApiKey(created.key));
    expect([stored?.tenantId, stored?.role, stored?.allowedOrigins]).toEqual([
      tenantId,
      'client',
      ['https://app.example.com', 'http://localhost:5173'],
    ]);
  } finally {
    await stack.close();
  }
}, 60_000);

it.each([
  [['--origin', 'https://app.example.com/login'], /not a web origin/],
  [['--origin', 'app.example.com'], /not a web origin/],
  [[], /at least one --origin/],
])(
  'refuses %j',
  async (args, message) => {
    const failed = await keysNew('publishable', '--tenant', tenantId, ...args).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(message);
  },
  60_000,
);

it('refuses an unknown tenant', async () => {
  const failed = await keysNew('publishable', '--tenant', 'ten_nope', '--origin', 'https://a.example').then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
  expect(failed?.stderr).toMatch(/no tenant ten_nope/);
}, 60_000);
