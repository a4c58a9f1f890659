/**
 * The tenants' OpenID Providers through the `api` function and the Functions Framework's test server, whose Express
 * body parsers read every body before the function runs: discovery, the operator's client registration (JSON
 * body), and the token endpoint reading a form body the framework already parsed.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted((): { composition: unknown } => ({ composition: undefined }));
vi.mock('../../shared/compose.js', () => ({ compose: () => Promise.resolve(state.composition) }));

const { JwkSigningKeyStore } = await import('../../shared/auth/signing-keys.js');
const { TemplateCipher } = await import('../../shared/crypto/template-cipher.js');
const { jsonLogger } = await import('../../shared/app/logger.js');
const { FakeFaceGateApp, OPERATOR_KEY } = await import('../../shared/http/fake-facegate-app.test-support.js');
const { createDatabase } = await import('../../shared/adapters/sql/create-database.js');
const { migrateToLatest } = await import('../../shared/adapters/sql/migrate.js');
const { SqlOidcPayloadStore } = await import('../../shared/adapters/sql/oidc-payload-store.js');
const { createSqlRepositories } = await import('../../shared/adapters/sql/sql-repositories.js');
const { OidcClients } = await import('../../shared/oidc/oidc-clients.js');
const { TenantProviders } = await import('../../shared/oidc/tenant-providers.js');
await import('./index.js');

const PUBLIC_URL = 'https://faces.example.com';
const database = await createDatabase({ url: 'sqlite::memory:' });
let server: Server;
let base: string;

beforeAll(async () => {
  await migrateToLatest(database);
  const cipher = new TemplateCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } });
  const repos = createSqlRepositories(database, { cipher });
  await repos.tenants.create({ id: 'ten_a', name: 'A' });
  const payloads = new SqlOidcPayloadStore(database);
  let stored: Parameters<ConstructorParameters<typeof JwkSigningKeyStore>[1]>[0] | null = null;
  const log = jsonLogger('ERROR', () => undefined);
  const providers = new TenantProviders({
    repos,
    payloads,
    signingKeys: new JwkSigningKeyStore(
      () => Promise.resolve(stored),
      (next) => Promise.resolve(void (stored = next)),
    ),
    issuer: PUBLIC_URL,
    lifetimes: { sessionSeconds: 600 },
    now: Date.now,
    trustProxy: true,
    log,
  });
  state.composition = {
    app: new FakeFaceGateApp(),
    config: { upload: { maxBytes: 2048 }, publicUrl: PUBLIC_URL, logLevel: 'error', trustedProxyHops: 1 },
    oidc: { providers, clients: new OidcClients(providers, payloads) },
    log,
  };
  server = getTestServer('api');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await database.close();
});

describe('api function: OpenID Connect', () => {
  it('serves discovery with the public origin the proxy names', async () => {
    const response = await fetch(`${base}/t/ten_a/.well-known/openid-configuration`, {
      headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'faces.example.com' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      issuer: `${PUBLIC_URL}/t/ten_a`,
      token_endpoint: `${PUBLIC_URL}/t/ten_a/token`,
      jwks_uri: `${PUBLIC_URL}/t/ten_a/jwks`,
    });
  });

  it('registers a client from a JSON body, then its token request is read from the parsed form', async () => {
    const registered = await fetch(`${base}/v1/oidc/clients`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${OPERATOR_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'RP', redirectUris: ['https://rp.example.com/cb'] }),
    });
    expect(registered.status).toBe(201);
    const { clientId, clientSecret } = (await registered.json()) as { clientId: string; clientSecret: string };
    const token = await fetch(`${base}/t/ten_a/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'no-such-code',
        code_verifier: 'v'.repeat(43),
      }),
    });
    // The grant was read (an unknown code), not refused for a missing or unreadable body.
    expect(token.status).toBe(400);
    expect(((await token.json()) as { error: string }).error).toBe('invalid_grant');
  });
});
