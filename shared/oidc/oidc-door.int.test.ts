/**
 * A tenant's OpenID Provider through the door, over real HTTP and SQLite, with the real application and the
 * scripted face engine doing the face check: client registration (operator only, validated), discovery, the authorization code flow with
 * PKCE through the hosted login's endpoints, acr/amr in the ID token, one use per code, and no code for a denial.
 * Every answer of a hosted-login endpoint is checked against the generated OpenAPI document (status and body).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwkSigningKeyStore, type StoredKeys } from '../auth/signing-keys.js';
import { jsonLogger } from '../app/logger.js';
import { scriptedCapture } from '../face/scripted-face-engine.test-support.js';
import { openScriptedStack, watchApp, type ScriptedStack } from '../../tests/support/scripted-stack.js';
import { ACR_FACE } from './authentication-context.js';
import { OidcClients } from './oidc-clients.js';
import { OidcDoor } from './oidc-door.js';
import { TenantProviders } from './tenant-providers.js';
import { openApiDocument } from '../http/openapi.js';
import { responseValidator } from '../http/openapi-validator.test-support.js';

const validator = responseValidator(openApiDocument());
const INTERACTION = /^\/t\/[^/]+\/interaction\/[^/]+\/([a-z]+)$/;
/** The hosted-login operations the tests below drove. */
const driven = new Set<string>();

/** The problems of a hosted-login endpoint's answer against the document; none for any other URL. */
async function contractProblems(url: string, method: string, response: Response): Promise<string[]> {
  const action = INTERACTION.exec(new URL(url).pathname)?.[1];
  if (!action) return [];
  const operation = `${method} /t/{tenantId}/interaction/{uid}/${action}`;
  driven.add(operation);
  const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
  const body: unknown = isJson ? await response.clone().json() : undefined;
  const [, pattern] = operation.split(' ');
  return validator.problems(method, pattern!, response.status, body);
}

describe('OidcDoor', () => {
  let s: ScriptedStack;
  let app: ReturnType<typeof watchApp>;
  let tenant: string;
  let aliceId: string;
  let CLIENT_KEY: string;
  let OPERATOR_KEY: string;
  let server: Server;
  let base: string;
  let stored: StoredKeys | null = null;
  const keys = new JwkSigningKeyStore(
    () => Promise.resolve(stored),
    (next) => Promise.resolve(void (stored = next)),
  );
  const redirectUri = 'http://127.0.0.1:9/callback';

  beforeAll(async () => {
    // Burst frames examined as a still, live face: no head movement, so a tenant asking for a burst refuses it.
    s = await openScriptedStack({
      burstLiveness: {
        examine: ({ frames }) =>
          Promise.resolve({
            frames: frames.length,
            unusable: 0,
            motion: { verdict: 'still', parallax: 0, foreshortening: 0, compared: frames.length },
            passiveScores: frames.map(() => 0.9),
            passiveLive: true,
          }),
      },
    });
    app = watchApp(s.app);
    tenant = s.a.tenantId;
    CLIENT_KEY = s.a.clientKey;
    OPERATOR_KEY = s.a.operatorKey;
    aliceId = (await s.enroll(s.a, 'alice')).userId;
    const repos = s.stack.repos;
    const payloads = s.stack.oidc.payloads;
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
    // The door's own providers, so the issuer is this server's address; the application is the stack's.
    const door = new OidcDoor({
      app: app.app,
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
    await s?.close();
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
    const discovery = (await (await fetch(`${base}/t/${tenant}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery).toMatchObject({
      issuer: `${base}/t/${tenant}`,
      authorization_endpoint: `${base}/t/${tenant}/auth`,
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
      const problems = await contractProblems(url, init.method ?? 'GET', response);
      expect(problems, `${init.method ?? 'GET'} ${url} → ${response.status}`).toEqual([]);
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, value] = pair!.split('=');
        cookies.set(name!, value!);
      }
      return response;
    };
  }

  function authorizeUrl(clientId: string, challenge: string): string {
    const auth = new URL(`${base}/t/${tenant}/auth`);
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

  const faceBody = { username: 'alice', image: scriptedCapture({ person: 'alice' }).toString('base64') };
  const strangerBody = { username: 'alice', image: scriptedCapture({ person: 'mallory' }).toString('base64') };
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
    expect(page.headers.get('location')).toMatch(new RegExp(`^/oidc/\\?tenant=${tenant}&uid=`));
    const details = (await (await go(`${interaction}/details`)).json()) as Record<string, unknown>;
    expect(details).toMatchObject({ prompt: 'login', clientName: 'RP', requirePossession: false });

    const verify = (body: unknown) =>
      go(`${interaction}/verify`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(await (await verify(strangerBody)).json()).toEqual({ decision: 'denied', reason: 'not_verified' });

    const grantedAnswer = (await (await verify(faceBody)).json()) as { decision: string; redirectTo: string };
    expect(grantedAnswer.decision).toBe('granted');
    const back = await go(grantedAnswer.redirectTo);
    expect(back.status).toBe(303);
    const callback = new URL(back.headers.get('location')!);
    expect(callback.origin + callback.pathname).toBe(redirectUri);
    const code = callback.searchParams.get('code')!;

    const exchange = () =>
      fetch(`${base}/t/${tenant}/token`, {
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
      issuer: `${base}/t/${tenant}`,
      audience: made.clientId,
      algorithms: ['ES256'],
    });
    // The face alone (the tenant asks for no device key): acr face, amr as the verify token says.
    expect(payload).toMatchObject({
      sub: aliceId,
      nonce: 'no',
      preferred_username: 'alice',
      acr: ACR_FACE,
      amr: ['face'],
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
    const operator = await s.app.authenticate(`Bearer ${OPERATOR_KEY}`);
    await s.app.updateSettings(operator, { requireBurst: true, lightChallenge: true });
    try {
      const challenge = (await (await go(`${interaction}/challenge`, post())).json()) as {
        challengeId: string;
        burst: boolean;
        light: string[];
      };
      expect(challenge).toMatchObject({ challengeId: expect.any(String) as string, burst: true });
      expect(challenge.light.length).toBeGreaterThan(0);
      const frame = scriptedCapture({ person: 'alice' });
      const body = {
        ...faceBody,
        challengeId: challenge.challengeId,
        burst: [frame, frame, frame].map((f) => f.toString('base64')),
      };
      const answer = (await (await go(`${interaction}/verify`, post(body))).json()) as { decision: string };
      // A still burst: the tenant's liveness check refuses it.
      expect(answer).toEqual({ decision: 'denied', reason: 'not_verified' });
      const [, input] = app.lastCall('verify') as [unknown, { burst?: Buffer[]; challengeId?: string }];
      expect(input.challengeId).toBe(challenge.challengeId);
      expect(input.burst?.map((f) => Buffer.from(f))).toEqual([frame, frame, frame]);
    } finally {
      await s.app.updateSettings(operator, { requireBurst: false, lightChallenge: false });
    }
  });

  it('asks consent for a third-party client, and a cancelled login returns access_denied', async () => {
    const made = (await (
      await register(OPERATOR_KEY, { name: 'Partner', redirectUris: [redirectUri], firstParty: false })
    ).json()) as { clientId: string };
    const challenge = createHash('sha256').update('v'.repeat(43)).digest('base64url');
    const go = browser();
    const interaction = new URL((await go(authorizeUrl(made.clientId, challenge))).headers.get('location')!, base).href;
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
    expect(await contractProblems(`${interaction}/verify`, 'POST', stranger)).toEqual([]);
  });

  it('drove every hosted-login operation of the document', () => {
    const documented = validator.operations().filter((operation) => operation.includes('/interaction/'));
    expect(documented).toHaveLength(5);
    expect([...driven].sort()).toEqual(documented.sort());
  });
});
