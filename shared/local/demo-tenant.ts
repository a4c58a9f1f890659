/**
 * The demo tenant of a local stack: created on first start, its API keys written to
 * `<dataDir>/dev-credentials.json` (keys are stored hashed, so this file is the only place they exist).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateApiKey } from '../crypto/api-key-hash.js';
import type { Repositories } from '../ports/repositories.js';

export interface DevCredentials {
  tenantId: string;
  clientKey: string;
  operatorKey: string;
}

export async function ensureDemoTenant(
  repos: Repositories,
  dataDir: string,
): Promise<{ credentials: DevCredentials; created: boolean; file: string }> {
  const file = path.join(dataDir, 'dev-credentials.json');
  try {
    const credentials = JSON.parse(await readFile(file, 'utf8')) as DevCredentials;
    if (await repos.tenants.get(credentials.tenantId)) return { credentials, created: false, file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const credentials = await createTenantWithKeys(repos, 'Demo tenant');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return { credentials, created: true, file };
}

/** A tenant with one client and one operator key; returns the plaintext keys (shown once). */
export async function createTenantWithKeys(repos: Repositories, name: string): Promise<DevCredentials> {
  return repos.transaction(async (tx) => {
    const tenant = await tx.tenants.create({ name });
    const client = generateApiKey();
    const operator = generateApiKey();
    await tx.apiKeys.create({
      tenantId: tenant.id,
      role: 'client',
      keyHash: client.hash,
      displayPrefix: client.displayPrefix,
      label: 'demo client',
    });
    await tx.apiKeys.create({
      tenantId: tenant.id,
      role: 'operator',
      keyHash: operator.hash,
      displayPrefix: operator.displayPrefix,
      label: 'demo operator',
    });
    return { tenantId: tenant.id, clientKey: client.key, operatorKey: operator.key };
  });
}
