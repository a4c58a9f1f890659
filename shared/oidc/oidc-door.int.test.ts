/**
 * A tenant's OpenID Provider through the door, over real HTTP and SQLite, with a scripted FaceGateApp standing in
 * for the face check: client registration (operator only, validated), discovery, the authorization code flow with
 * PKCE through the hosted login's endpoints, acr/amr in the ID token, one use per code, and no code for a denial.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwkSigningKeyStore, type StoredKeys } from '../auth/signing-keys.js';
import { TemplateCipher } from '../crypto/template-cipher.js';
import { jsonLogger } from '../app/logger.js';
import { CLIENT_KEY, FakeFaceGateApp, OPERATOR_KEY } from '../http/fake-facegate-app.test-support.js';
import { createDatabase, type SqlDatabase } from '../adapters/sql/create-database.js';
import { migrateToLatest } from '../adapters/sql/migrate.js';
import { SqlOidcPayloadStore } from '../adapters/sql/oidc-payload-store.js';
import { createSqlRepositories } from '../adapters/sql/sql-repositories.js';
import { OidcClients } from './oidc-clients.js';
import { OidcDoor } from './oidc-door.js';
import { TenantProviders } from './tenant-providers.js';

/** An unsigned JWT carrying `amr`, as the verify use case's token would (the door only reads its claims). */
const tokenWithAmr = (amr: string[]) =>
  ['{"alg":"none"}', JSON.stringify({ amr })].map((part) => Buffer.from(part).toString('base64url')).join('.') + '.';

describe('OidcDoor', () => {
  let database: SqlDatabase;
  let server: Server;
  let base: string;
  const app = new FakeFaceGateApp();
  let stored: StoredKeys | null = null;
  const keys = new JwkSigningKeyStore(
    () => Promise.resolve(stored),
    (next) => Promise.resolve(void (stored = next)),
  );
  const redirectUri = 'http://127.0.0.1:9/callback';

  beforeAll(async () => {
    database = await createDatabase({ url: 'sqlite::memory:' });
    await migrateToLatest(database);
    const cipher = new TemplateCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } });
    const repos = createSqlRepositories(database, { cipher });
    await repos.tenants.create({ id: 'ten_a', name: 'A' });
    await repos.forTenant('ten_a').users.create({ id: 'usr_1', username: 'alice' });
    const payloads = new SqlOidcPayloadStore(database);
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const providers = new TenantProviders({
      repos,
      payloads,
      signingKeys: keys,
      issuer: base,
      lifetimes: { sessionSeconds: 600 },
      now: Date.now,
      trustProxy: false,
      log: jsonLogger('ERROR', () => undefined),
    });
    const door = new OidcDoor({
      app,
      providers,
      clients: new OidcClients(providers, payloads),
      maxImageBytes: 1 << 20,
      loginPagePath: '/oidc/',
      log: jsonLogger('ERROR', () => undefined),
    });
    server.on('request', (req, res) => {
      if (door.handles(new URL(req.url ?? '/', base).pathname)) void door.serve(req, res);
      else res.writeHead(404).end();
    });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.close();
  });

  const register = (key: string, body: unknown) =>
    fetch(`${base}/v1/oidc/clients`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('registers clients for the operator only, checking their metadata', async () => {
    expect((await register(CLIENT_KEY, { name: 'x', redirectUris: [redirectUri] })).status).toBe(403);
    const bad = await register(OPERATOR_KEY, { name: 'x', redirectUris: ['not a url'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_client_metadata');
    const made = await register(OPERATOR_KEY, { name: 'Listed', redirectUris: [redirectUri] });
    expect(made.status).toBe(201);
    const { clientId, clientSecret } = (await made.json()) as { clientId: string; clientSecret: string };
    expect(clientSecret.length).toBeGreaterThanOrEqual(43);
    const listed = await fetch(`${base}/v1/oidc/clients`, { headers: { Authorization: `Bearer ${OPERATOR_KEY}` } });
    const { clients } = (await listed.json()) as { clients: Record<string, unknown>[] };
    expect(clients.map((c) => c['clientId'])).toContain(clientId);
    expect(clients.every((c) => !('clientSecret' in c))).toBe(true);
    const removed = await fetch(`${base}/v1/oidc/clients/${clientId}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${OPERATOR_KEY}` },
    });
    expect(removed.status).toBe(204);
  });

  it('serves discovery under the tenant issuer, and nothing for an unknown tenant', async () => {
    const discovery = (await (await fetch(`${base}/t/ten_a/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery).toMatchObject({
      issuer: `${base}/t/ten_a`,
      authorization_endpoint: `${base}/t/ten_a/auth`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['ES256'],
    });
    expect((await fetch(`${base}/t/ten_nobody/.well-known/openid-configuration`)).status).toBe(404);
  });

  /** A browser: follows nothing by itself, keeps cookies. */
  function browser() {
    const cookies = new Map<string, string>();
    return async (url: string, init: RequestInit = {}) => {
      const response = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: {
          ...(init.headers as Record<string, string>),
          Cookie: [...cookies].map((c) => c.join('=')).join('; '),
        },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, value] = pair!.split('=');
        cookies.set(name!, value!);
      }
      return response;
    };
  }

  function authorizeUrl(clientId: string, challenge: string): string {
    const auth = new URL(`${base}/t/ten_a/auth`);
    auth.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      scope: 'openid profile',
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st',
      nonce: 'no',
    }).toString();
    return auth.href;
  }

  const granted = () => ({
    decision: 'granted' as const,
    score: 0.9,
    threshold: 0.6,
    userId: 'usr_1',
    token: tokenWithAmr(['face', 'swk', 'mfa']),
  });
  const faceBody = { username: 'alice', image: Buffer.from('photo').toString('base64') };
  const post = (body: unknown = {}): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

  it('gives a code only after a granted face check, once, with acr and amr in the ID token', async () => {
    const made = (await (await register(OPERATOR_KEY, { name: 'RP', redirectUris: [redirectUri] })).json()) as {
      clientId: string;
      clientSecret: string;
    };
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const go = browser();
    const toLogin = await go(authorizeUrl(made.clientId, challenge));
    expect(toLogin.status).toBe(303);
    const interaction = new URL(toLogin.headers.get('location')!, base).href;
    const page = await go(interaction);
    expect(page.headers.get('location')).toMatch(/^\/oidc\/\?tenant=ten_a&uid=/);
    const details = (await (await go(`${interaction}/details`)).json()) as Record<string, unknown>;
    expect(details).toMatchObject({ prompt: 'login', clientName: 'RP', requirePossession: false });

    const verify = () =>
      go(`${interaction}/verify`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(faceBody),
      });
    app.verifyResult = { decision: 'denied', score: 0.2, threshold: 0.6, reason: 'no_match', userId: 'usr_1' };
    expect(await (await verify()).json()).toEqual({ decision: 'denied', reason: 'not_verified' });

    app.verifyResult = granted();
    const grantedAnswer = (await (await verify()).json()) as { decision: string; redirectTo: string };
    expect(grantedAnswer.decision).toBe('granted');
    const back = await go(grantedAnswer.redirectTo);
    expect(back.status).toBe(303);
    const callback = new URL(back.headers.get('location')!);
    expect(callback.origin + callback.pathname).toBe(redirectUri);
    const code = callback.searchParams.get('code')!;

    const exchange = () =>
      fetch(`${base}/t/ten_a/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${made.clientId}:${made.clientSecret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        }),
      });
    const tokens = (await (await exchange()).json()) as { id_token: string };
    const jwks = createLocalJWKSet({ keys: (await keys.keys()).map((k) => k.publicJwk) });
    const { payload } = await jwtVerify(tokens.id_token, jwks, {
      issuer: `${base}/t/ten_a`,
      audience: made.clientId,
      algorithms: ['ES256'],
    });
    expect(payload).toMatchObject({
      sub: 'usr_1',
      nonce: 'no',
      preferred_username: 'alice',
      acr: 'urn:facegate:acr:face+key',
      amr: ['face', 'swk', 'mfa'],
    });
    const again = await exchange();
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it("holds the tenant's liveness burst and light challenge on the hosted login", async () => {
    const made = (await (await register(OPERATOR_KEY, { name: 'Burst RP', redirectUris: [redirectUri] })).json()) as {
      clientId: string;
    };
    const go = browser();
    const pkce = createHash('sha256').update('b'.repeat(43)).digest('base64url');
    const interaction = new URL((await go(authorizeUrl(made.clientId, pkce))).headers.get('location')!, base).href;
    app.settings = { ...app.settings, requireBurst: true, lightChallenge: true };
    try {
      const challenge = (await (await go(`${interaction}/challenge`, post())).json()) as Record<string, unknown>;
      expect(challenge).toMatchObject({ challengeId: 'chl_1', burst: true, light: ['red', 'blue', 'green'] });
      app.verifyResult = granted();
      const frame = Buffer.from('frame').toString('base64');
      const body = { ...faceBody, challengeId: 'chl_1', burst: [frame, frame, frame] };
      expect(((await (await go(`${interaction}/verify`, post(body))).json()) as { decision: string }).decision).toBe(
        'granted',
      );
      const [, input] = app.lastCall('verify') as [unknown, { burst?: Buffer[]; challengeId?: string }];
      expect(input.challengeId).toBe('chl_1');
      expect(input.burst?.map((f) => f.toString())).toEqual(['frame', 'frame', 'frame']);
    } finally {
      app.settings = { ...app.settings, requireBurst: false, lightChallenge: false };
    }
  });

  it('asks consent for a third-party client, and a cancelled login returns access_denied', async () => {
    const made = (await (
      await register(OPERATOR_KEY, { name: 'Partner', redirectUris: [redirectUri], firstParty: false })
    ).json()) as { clientId: string };
    const challenge = createHash('sha256').update('v'.repeat(43)).digest('base64url');
    const go = browser();
    const interaction = new URL((await go(authorizeUrl(made.clientId, challenge))).headers.get('location')!, base).href;
    app.verifyResult = granted();
    const login = (await (await go(`${interaction}/verify`, post(faceBody))).json()) as { redirectTo: string };
    const toConsent = await go(login.redirectTo);
    const consentAt = new URL(toConsent.headers.get('location')!, base).href;
    const details = (await (await go(`${consentAt}/details`)).json()) as { prompt: string };
    expect(details.prompt).toBe('consent');
    expect((await go(`${consentAt}/verify`, post(faceBody))).status).toBe(400);
    const consented = (await (await go(`${consentAt}/consent`, post())).json()) as { redirectTo: string };
    const back = await go(consented.redirectTo);
    expect(new URL(back.headers.get('location')!).searchParams.get('code')).toBeTruthy();

    const other = browser();
    const cancelAt = new URL((await other(authorizeUrl(made.clientId, challenge))).headers.get('location')!, base).href;
    const cancelled = (await (await other(`${cancelAt}/abort`, post())).json()) as { redirectTo: string };
    const denied = new URL((await other(cancelled.redirectTo)).headers.get('location')!);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('code')).toBeNull();
  });

  it("refuses the interaction endpoints without the interaction's cookie", async () => {
    const made = (await (await register(OPERATOR_KEY, { name: 'RP2', redirectUris: [redirectUri] })).json()) as {
      clientId: string;
    };
    const challenge = createHash('sha256').update('w'.repeat(43)).digest('base64url');
    const go = browser();
    const interaction = new URL((await go(authorizeUrl(made.clientId, challenge))).headers.get('location')!, base).href;
    const stranger = await fetch(`${interaction}/verify`, post(faceBody));
    expect(stranger.status).toBe(404);
  });
});
