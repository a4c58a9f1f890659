/**
 * The local stack's publishable key: a client key bound to the dev server's own origins, which the server hands to
 * its web pages (`/web-config.json`), so nobody pastes a key into a page. The port can change between starts, so a
 * key whose origins no longer match is revoked and replaced; it is kept in `<dataDir>/dev-credentials.json` with the
 * other demo keys.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { PUBLISHABLE_KEY_PREFIX, generateApiKey, hashApiKey } from '../crypto/api-key-hash.js';
import { canonicalOrigin } from '../domain/api-key.js';
import type { Repositories } from '../ports/repositories.js';

/** The browser origins a local server on `port` is reached at: its public URL, localhost and 127.0.0.1. */
export function localOrigins(publicUrl: string, port: number): string[] {
  const candidates = [publicUrl, `http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const origins = candidates.map((c) => canonicalOrigin(new URL(c).origin)).filter((o): o is string => o !== null);
  return [...new Set(origins)];
}

/** The demo tenant's publishable key for `origins`, created (and written to `credentialsFile`) when needed. */
export async function ensureDemoPublishableKey(
  repos: Repositories,
  credentialsFile: string,
  origins: readonly string[],
): Promise<string> {
  const credentials = JSON.parse(await readFile(credentialsFile, 'utf8')) as {
    tenantId: string;
    publishableKey?: string;
  };
  if (credentials.publishableKey) {
    const stored = await repos.apiKeys.findByHash(hashApiKey(credentials.publishableKey));
    const same =
      stored?.tenantId === credentials.tenantId &&
      stored.allowedOrigins?.length === origins.length &&
      origins.every((o) => stored.allowedOrigins?.includes(o));
    if (same) return credentials.publishableKey;
    if (stored) await repos.apiKeys.revoke(stored.tenantId, stored.id);
  }
  const key = generateApiKey(PUBLISHABLE_KEY_PREFIX);
  await repos.apiKeys.create({
    tenantId: credentials.tenantId,
    role: 'client',
    keyHash: key.hash,
    displayPrefix: key.displayPrefix,
    label: 'demo web pages',
    allowedOrigins: origins,
  });
  await writeFile(credentialsFile, JSON.stringify({ ...credentials, publishableKey: key.key }, null, 2) + '\n', {
    mode: 0o600,
  });
  return key.key;
}
