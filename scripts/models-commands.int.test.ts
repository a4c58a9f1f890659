/**
 * The models:* commands in their own processes over a real local data dir (SQLite, local blobs, real models): status,
 * a partial re-embed that must not switch and exits 1, the rest with --activate, and typed refusals.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComposition } from '../shared/compose.js';
import { silentLogger } from '../shared/app/logger.js';
import { createFaceEngine } from '../shared/face/create-face-engine.js';
import { readModelManifest } from '../shared/face/models/model-manifest.js';
import { createTenantWithKeys } from '../shared/local/demo-tenant.js';
import { distinctPeople } from '../tests/support/people-fixtures.js';
import { REPO_ROOT } from './lib/repo-paths.js';

const exec = promisify(execFile);
/** The manifest's default version: what a tenant without an override enrolls with. */
const DEFAULT = readModelManifest().activeEmbedder;
let dataDir: string;
let tenantId: string;

/** Runs `scripts/<name>.ts` with the data dir as its environment; resolves with its output and exit code. */
async function command(name: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, `scripts/${name}.ts`), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, FACEGATE_DATA_DIR: dataDir, FACEGATE_LOG_LEVEL: 'error' } },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each command is its own process that loads the models: seconds apiece on two shared cores.
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'fg-models-cli-'));
  const engine = await createFaceEngine();
  const stack = await buildComposition({ FACEGATE_DATA_DIR: dataDir }, { engine, log: silentLogger });
  const tenant = await createTenantWithKeys(stack.repos, 'cli');
  tenantId = tenant.tenantId;
  const client = await stack.app.authenticate(`Bearer ${tenant.clientKey}`);
  for (const person of (await distinctPeople(engine)).slice(0, 3)) {
    const started = await stack.app.startEnrollment(client, { username: person.name });
    const url = new URL(started.upload.url);
    await stack.localUploads!.receive({
      pathAndQuery: url.pathname + url.search,
      contentType: 'image/jpeg',
      contentLength: person.enroll.length,
      body: person.enroll,
    });
  }
  await stack.idle();
  await stack.close();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('models:* commands', () => {
  it('status, a partial re-embed that does not switch, then the rest with --activate', async () => {
    const before = await command('models-status');
    expect(before.code).toBe(0);
    expect(before.stdout).toContain(`${tenantId}: active ${DEFAULT} (default); users with templates: ${DEFAULT} 3/3`);

    const partial = await command('models-reembed', '--to', 'frn128-v1', '--max', '1', '--activate');
    expect(partial.code).toBe(1);
    expect(partial.stdout).toContain('1 embedded, 0 already done, 0 failed');
    expect(partial.stdout).toContain('2 user(s) still without a frn128-v1 template');
    expect(partial.stderr).toMatch(/reembed ten_\w+ 1\/1 \(100\.0%\) \| [\d.]+\/s \| ETA 0 s \| 0 failed/);

    const refused = await command('models-activate', '--tenant', tenantId, '--to', 'frn128-v1');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('2 enrolled user(s) have no template of frn128-v1');

    const rest = await command('models-reembed', '--to', 'frn128-v1', '--tenant', tenantId, '--activate');
    expect(rest.code).toBe(0);
    expect(rest.stdout).toContain('2 embedded, 1 already done, 0 failed');
    expect(rest.stdout).toContain(`activated frn128-v1 for ${tenantId} (was ${DEFAULT})`);

    const after = await command('models-status', '--tenant', tenantId);
    const line = after.stdout.split('\n').find((l) => l.startsWith(`${tenantId}:`));
    expect(line).toMatch(/active frn128-v1 \(tenant override\); users with templates: /);
    expect(line?.split('users with templates: ')[1]?.split(', ').sort()).toEqual(
      [`${DEFAULT} 3/3`, 'frn128-v1 3/3'].sort(),
    );
  }, 180_000);

  it('refuses an unknown version or tenant and a missing --to with a clear message', async () => {
    const unknown = await command('models-reembed', '--to', 'frn999');
    expect(unknown.code).toBe(2);
    const known = Object.keys(readModelManifest().embedders).join(', ');
    expect(unknown.stderr).toContain(`--to "frn999" is not in the manifest; known: ${known}`);
    const noTenant = await command('models-activate', '--tenant', 'ten_missing', '--to', 'frn128-v1');
    expect(noTenant.code).toBe(1);
    expect(noTenant.stderr).toContain('no tenant "ten_missing"');
    const missing = await command('models-reembed');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--to is required');
  }, 120_000);

  it('re-embeds into a fused version (FaceRecognitionNet + ONNX ArcFace, 640 values) and activates it', async () => {
    // A fused version other than the default: the tenant has no templates of it yet.
    const target = DEFAULT === 'fused-frn-arc-v1' ? 'fused-frn-arc-v2' : 'fused-frn-arc-v1';
    const fused = await command('models-reembed', '--to', target, '--tenant', tenantId, '--activate');
    expect(fused.code).toBe(0);
    expect(fused.stdout).toContain('3 embedded, 0 already done, 0 failed');
    expect(fused.stdout).toMatch(new RegExp(`activated ${target} for ${tenantId} \\(was frn128-v1\\)`));
    const status = await command('models-status', '--tenant', tenantId);
    expect(status.stdout).toContain(`active ${target} (tenant override)`);
    expect(status.stdout).toContain(`${target} 3/3`);
  }, 180_000);
});
