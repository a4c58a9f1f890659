/**
 * Creating a tenant's publishable key: a client key bound to the browser origins its web pages are served from
 * (`npm run keys:new -- publishable`). The key is shown once; only its hash is stored.
 */
import { PUBLISHABLE_KEY_PREFIX, generateApiKey } from '../crypto/api-key-hash.js';
import { canonicalOrigin } from '../domain/api-key.js';
import type { Repositories } from '../ports/repositories.js';

export interface CreatedPublishableKey {
  id: string;
  tenantId: string;
  key: string;
  allowedOrigins: string[];
}

/**
 * @throws RangeError naming the first entry that is not an origin (`https://host[:port]`, nothing after it), or
 * an unknown tenant.
 */
export async function createPublishableKey(
  repos: Repositories,
  input: { tenantId: string; origins: readonly string[]; label?: string },
): Promise<CreatedPublishableKey> {
  if (input.origins.length === 0) throw new RangeError('name at least one origin, like https://app.example.com');
  const allowedOrigins = input.origins.map((origin) => {
    const canonical = canonicalOrigin(origin.replace(/\/$/, ''));
    if (canonical === null) throw new RangeError(`not a web origin (scheme://host[:port]): ${origin}`);
    return canonical;
  });
  if (!(await repos.tenants.get(input.tenantId))) throw new RangeError(`no tenant ${input.tenantId}`);
  const generated = generateApiKey(PUBLISHABLE_KEY_PREFIX);
  const unique = [...new Set(allowedOrigins)];
  const stored = await repos.apiKeys.create({
    tenantId: input.tenantId,
    role: 'client',
    keyHash: generated.hash,
    displayPrefix: generated.displayPrefix,
    label: input.label ?? 'publishable',
    allowedOrigins: unique,
  });
  return { id: stored.id, tenantId: stored.tenantId, key: generated.key, allowedOrigins: unique };
}
