/**
 * The tenants' OpenID Providers through the `api` function and the Functions Framework's test server, whose Express
 * body parsers read every body before the function runs: discovery, the operator's client registration (JSON
 * body), and the token endpoint reading a form body the framework already parsed.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Compose from '../../shared/compose.js';

const state = vi.hoisted((): { composition: unknown } => ({ composition: undefined }));
vi.mock('../../shared/compose.js', async (importOriginal) => ({
  ...(await importOriginal<typeof Compose>()),
  compose: () => Promise.resolve(state.composition),
}));

const { JwkSigningKeyStore } = await import('../../shared/auth/signing-keys.js');
const { jsonLogger } = await import('../../shared/app/logger.js');
const { openScriptedStack } = await import('../../tests/support/scripted-stack.js');
const { OidcClients } = await import('../../shared/oidc/oidc-clients.js');
const { TenantProviders } = await import('../../shared/oidc/tenant-providers.js');
await import('./index.js');

const PUBLIC_URL = 'https://faces.example.com';
/** The real application (SQLite, the scripted engine) with providers issuing under the public URL. */
const s = await openScriptedStack();
const OPERATOR_KEY = s.a.operatorKey;
const tenant = s.a.tenantId;
let server: Server;
let base: string;

beforeAll(async () => {
  const { repos } = s.stack;
  const { payloads } = s.stack.oidc;
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
    app: s.app,
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
  await s.close();
});

describe('api function: OpenID Connect', () => {
  it('serves discovery with the public origin the proxy names', async () => {
    const response = await fetch(`${base}/t/${tenant}/.well-known/openid-configuration`, {
      headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'faces.example.com' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      issuer: `${PUBLIC_URL}/t/${tenant}`,
      token_endpoint: `${PUBLIC_URL}/t/${tenant}/token`,
      jwks_uri: `${PUBLIC_URL}/t/${tenant}/jwks`,
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
    const token = await fetch(`${base}/t/${tenant}/token`, {
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
