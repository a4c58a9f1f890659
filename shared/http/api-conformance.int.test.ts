/**
 * The contract against the real thing: a local stack (SQLite, the local blob store, the scripted face engine) behind
 * the dev server's HTTP listener drives every documented operation at least once, and each real answer (status and
 * body) is validated against the generated OpenAPI document with Ajv. A request whose path no documented operation
 * matches fails, and so does a document operation that no step drives.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uploadPhoto } from '../../tests/support/scripted-stack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComposition, type Composition } from '../compose.js';
import { silentLogger } from '../app/logger.js';
import { scriptedCapture, scriptedFaceEngine } from '../face/scripted-face-engine.test-support.js';
import { createTenantWithKeys, type DevCredentials } from '../local/demo-tenant.js';
import { createDevServer } from '../../scripts/lib/dev-http-server.js';
import { openApiDocument } from './openapi.js';
import { responseValidator } from './openapi-validator.test-support.js';
import type {
  Alert,
  AlertPage,
  Attempt,
  AttemptPage,
  Challenge,
  DriftReportPage,
  Enrollment,
  EnrollmentStarted,
  IdentifyResult,
  Metrics,
  TenantSettings,
  UserDetail,
  UserPage,
  VerifyResult,
  WebhookSet,
  WebhookStatus,
} from '../../packages/client/src/wire-types.js';

const document = openApiDocument();
const validator = responseValidator(document);
const patterns = Object.keys(document.paths ?? {}).map((pattern) => ({
  pattern,
  regex: new RegExp(`^${pattern.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));
const driven = new Set<string>();
const RATE_LIMIT = 40;

let stack: Composition;
let server: Server;
let base: string;
let dataDir: string;
let keys: DevCredentials;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'fg-conformance-'));
  stack = await buildComposition(
    {
      FACEGATE_DATA_DIR: dataDir,
      FACEGATE_DB_URL: `sqlite:${path.join(dataDir, 'db.sqlite')}`,
      FACEGATE_PUBLIC_URL: 'http://localhost:9999',
      FACEGATE_LOG_LEVEL: 'error',
      // Low enough that the limits step reaches it, high enough for every other step's enrollments and logins.
      FACEGATE_RATE_LIMIT_PER_IP: String(RATE_LIMIT),
    },
    { engine: scriptedFaceEngine(), log: silentLogger },
  );
  server = createDevServer(stack, { log: () => undefined });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  keys = await createTenantWithKeys(stack.repos, 'Conformance');
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await stack?.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface Call {
  key?: 'client' | 'operator';
  json?: unknown;
  form?: FormData;
  /** A raw body, sent as it is with this Content-Type. */
  raw?: { type: string; body: string };
}

/** One request over HTTP; its answer must conform to the document. Returns the parsed body. */
async function call<Body = unknown>(
  method: string,
  target: string,
  init: Call = {},
): Promise<{ status: number; body: Body }> {
  const headers: Record<string, string> = {};
  if (init.key) headers.authorization = `Bearer ${init.key === 'client' ? keys.clientKey : keys.operatorKey}`;
  let body: string | FormData | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) body = init.form;
  else if (init.raw) {
    headers['content-type'] = init.raw.type;
    body = init.raw.body;
  }
  const response = await fetch(`${base}${target}`, { method, headers, body });
  const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
  const parsed: unknown = isJson ? await response.json() : response.status === 204 ? undefined : await response.blob();
  const pathOnly = target.split('?')[0]!;
  const pattern = patterns.find((p) => p.regex.test(pathOnly))?.pattern ?? pathOnly;
  driven.add(`${method} ${pattern}`);
  const problems = validator.problems(method, pattern, response.status, isJson ? parsed : undefined);
  expect(problems, `${method} ${target} → ${response.status} ${JSON.stringify(parsed)}`).toEqual([]);
  // The body conforms to the document, whose schemas `Body` is inferred from.
  return { status: response.status, body: parsed as Body };
}

/** Runs `work` while the database refuses connections, as the driver reports it (a lookup every request makes). */
async function duringOutage<T>(work: () => Promise<T>): Promise<T> {
  const { apiKeys } = stack.repos;
  const findByHash = apiKeys.findByHash.bind(apiKeys);
  apiKeys.findByHash = () => Promise.reject(Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' }));
  try {
    return await work();
  } finally {
    apiKeys.findByHash = findByHash;
  }
}

const capture = (person: string) => scriptedCapture({ person }).toString('base64');

async function enroll(username: string, person: string, displayName?: string): Promise<string> {
  const started = await call<EnrollmentStarted>('POST', '/v1/enrollments', {
    key: 'client',
    json: { username, displayName },
  });
  expect(started.status).toBe(201);
  await uploadPhoto(stack, started.body.upload.url, scriptedCapture({ person }));
  const enrollment = await call<Enrollment>('GET', `/v1/enrollments/${started.body.enrollmentId}`, { key: 'client' });
  expect(enrollment.body.status).toBe('active');
  return started.body.userId;
}

describe('every operation of the document, on a real SQLite stack', () => {
  let ada: string;
  let bob: string;

  it('enrollment, verify (JSON and multipart), identify', async () => {
    ada = await enroll('ada', 'p-ada', 'Ada Lovelace');
    bob = await enroll('bob', 'p-bob');
    const granted = await call<VerifyResult>('POST', '/v1/verify', {
      key: 'client',
      json: { username: 'ada', image: capture('p-ada') },
    });
    expect(granted.body.decision).toBe('granted');
    expect(granted.body.token).toEqual(expect.any(String));
    const form = new FormData();
    form.append('username', 'ada');
    form.append('image', new Blob([scriptedCapture({ person: 'p-ada' })], { type: 'image/jpeg' }), 'a.jpg');
    expect((await call<VerifyResult>('POST', '/v1/verify', { key: 'client', form })).body.decision).toBe('granted');
    // A client key's denial: nothing but the decision and an account-blind reason.
    const denied = await call<VerifyResult>('POST', '/v1/verify', {
      key: 'client',
      json: { username: 'ada', image: capture('x') },
    });
    expect(denied.body).toEqual({ decision: 'denied', reason: 'not_verified' });
    // The scripted engine's same-person score (1) is below the fused default's identify threshold, so identify
    // denies here: operators see the score, a client key only the decision and reason (displayName: unit tests).
    const operatorView = await call<IdentifyResult>('POST', '/v1/identify', {
      key: 'operator',
      json: { image: capture('p-ada') },
    });
    expect(operatorView.body.decision).toBe('denied');
    expect(operatorView.body.score).toEqual(expect.any(Number));
    const clientView = await call<IdentifyResult>('POST', '/v1/identify', {
      key: 'client',
      json: { image: capture('p-ada') },
    });
    expect(clientView.body).toEqual({ decision: 'denied', reason: 'no_match' });
  });

  it('settings, and a challenge that asks for a burst under a light sequence', async () => {
    expect((await call<TenantSettings>('GET', '/v1/settings', { key: 'operator' })).body.requireBurst).toBe(false);
    const patch = { requireBurst: true, lightChallenge: true };
    expect((await call<TenantSettings>('PATCH', '/v1/settings', { key: 'operator', json: patch })).body).toMatchObject(
      patch,
    );
    const challenge = await call<Challenge>('POST', '/v1/challenges', { key: 'client' });
    expect(challenge.body.burst).toBe(true);
    expect(challenge.body.light?.length).toBeGreaterThan(0);
    await call('PATCH', '/v1/settings', { key: 'operator', json: { requireBurst: false, lightChallenge: false } });
  });

  it('users, a user with photos, a photo, a lockout and its lifting', async () => {
    const users = await call<UserPage>('GET', '/v1/users?limit=1', { key: 'operator' });
    expect(users.body.nextCursor).toEqual(expect.any(String));
    const detail = await call<UserDetail>('GET', `/v1/users/${bob}`, { key: 'operator' });
    const [photo] = detail.body.photos;
    const image = await call('GET', `/v1/users/${bob}/photos/${photo!.captureId}`, { key: 'operator' });
    expect(image.status).toBe(200);
    for (let i = 0; i < 5; i++) {
      await call('POST', '/v1/verify', { key: 'operator', json: { username: 'bob', image: capture('intruder') } });
    }
    await stack.idle();
    expect((await call<UserDetail>('GET', `/v1/users/${bob}`, { key: 'operator' })).body.user.lockedUntil).toEqual(
      expect.any(String),
    );
    expect(
      (await call<{ wasLocked: boolean }>('POST', `/v1/users/${bob}/unlock`, { key: 'operator' })).body.wasLocked,
    ).toBe(true);
  });

  it("a user's passkey and device key, listed without key material and revoked", async () => {
    const repos = stack.repos.forTenant(keys.tenantId);
    const passkey = await repos.passkeys.add(bob, {
      credentialId: 'Y3JlZGVudGlhbA',
      publicKey: 'cHVibGlj',
      counter: 0,
      transports: ['internal', 'hybrid'],
    });
    const deviceKey = await repos.deviceKeys.put(bob, { kty: 'EC', crv: 'P-256', x: 'eA', y: 'eQ' });
    const detail = await call<UserDetail>('GET', `/v1/users/${bob}`, { key: 'operator' });
    expect(detail.body.passkeys).toEqual([
      {
        passkeyId: passkey.id,
        createdAt: new Date(passkey.createdAt).toISOString(),
        transports: ['internal', 'hybrid'],
      },
    ]);
    expect(detail.body.deviceKeys).toEqual([
      { deviceKeyId: deviceKey.id, createdAt: new Date(deviceKey.createdAt).toISOString(), superseded: true },
    ]);
    const passkeyPath = `/v1/users/${bob}/passkeys/${passkey.id}`;
    expect((await call('DELETE', passkeyPath, { key: 'client' })).status).toBe(403);
    expect((await call('DELETE', passkeyPath, { key: 'operator' })).status).toBe(204);
    expect((await call('DELETE', passkeyPath, { key: 'operator' })).status).toBe(404);
    // The superseded device key went with the passkey; a fresh one is revoked on its own.
    const fresh = await repos.deviceKeys.put(bob, { kty: 'EC', crv: 'P-256', x: 'eA', y: 'eQ' });
    const deviceKeyPath = `/v1/users/${bob}/device-keys/${fresh.id}`;
    expect((await call('DELETE', `/v1/users/${ada}/device-keys/${fresh.id}`, { key: 'operator' })).status).toBe(404);
    expect((await call('DELETE', deviceKeyPath, { key: 'operator' })).status).toBe(204);
    const after = await call<UserDetail>('GET', `/v1/users/${bob}`, { key: 'operator' });
    expect(after.body).toMatchObject({ passkeys: [], deviceKeys: [] });
  });

  it('attempts, a label, metrics and the drift history', async () => {
    const attempts = await call<AttemptPage>('GET', '/v1/attempts?kind=verify', { key: 'operator' });
    const [first] = attempts.body.attempts;
    const label = { label: 'fraud', note: 'printed photo' };
    const labelled = await call<Attempt>('POST', `/v1/attempts/${first!.id}/label`, { key: 'operator', json: label });
    expect(labelled.body.label).toMatchObject(label);
    expect(
      (await call<Metrics>('GET', '/v1/metrics?bucket=1h', { key: 'operator' })).body.totals.attempts,
    ).toBeGreaterThan(5);
    await stack.app.runDriftCheck({ tenantId: keys.tenantId });
    expect((await call<DriftReportPage>('GET', '/v1/drift', { key: 'operator' })).body.reports.length).toBeGreaterThan(
      0,
    );
  });

  it('alerts and their acknowledgement', async () => {
    const alerts = await call<AlertPage>('GET', '/v1/alerts?acknowledged=false', { key: 'operator' });
    const [alert] = alerts.body.alerts;
    const acknowledged = await call<Alert>('POST', `/v1/alerts/${alert!.alertId}/acknowledge`, { key: 'operator' });
    expect(acknowledged.body.acknowledgedAt).toEqual(expect.any(String));
  });

  it('the webhook: set, read without its secret, removed', async () => {
    const set = await call<WebhookSet>('PUT', '/v1/webhook', {
      key: 'operator',
      json: { url: 'https://hooks.example.com/fg' },
    });
    expect(set.body.secret).toEqual(expect.any(String));
    expect((await call<WebhookStatus>('GET', '/v1/webhook', { key: 'operator' })).body).toEqual({
      configured: true,
      url: 'https://hooks.example.com/fg',
    });
    expect((await call('DELETE', '/v1/webhook', { key: 'operator' })).status).toBe(204);
  });

  it("the OpenID Provider's client registry", async () => {
    const json = { name: 'Conformance app', redirectUris: ['https://app.example.com/cb'] };
    const registered = await call<{ clientId: string; clientSecret?: string }>('POST', '/v1/oidc/clients', {
      key: 'operator',
      json,
    });
    expect(registered.body.clientSecret).toEqual(expect.any(String));
    const listed = await call<{ clients: object[] }>('GET', '/v1/oidc/clients', { key: 'operator' });
    expect(listed.body.clients).toHaveLength(1);
    expect(listed.body.clients[0]).not.toHaveProperty('clientSecret');
    const target = `/v1/oidc/clients/${registered.body.clientId}`;
    expect((await call('DELETE', target, { key: 'operator' })).status).toBe(204);
  });

  it('public endpoints: key sets, health and the document itself', async () => {
    expect((await call<{ keys: object[] }>('GET', '/.well-known/jwks.json')).body.keys.length).toBeGreaterThan(0);
    expect((await call('GET', `/t/${keys.tenantId}/.well-known/jwks.json`)).status).toBe(200);
    expect((await call<{ status: string }>('GET', '/healthz')).body.status).toBe('ok');
    expect((await call<{ openapi: string }>('GET', '/openapi.json')).body.openapi).toBe('3.1.0');
  });

  it('errors: 400, 401, 403, 404 and 415 in the documented envelope', async () => {
    expect((await call('POST', '/v1/enrollments', { key: 'client', json: {} })).status).toBe(400);
    expect((await call('GET', '/v1/users')).status).toBe(401);
    expect((await call('GET', '/v1/users', { key: 'client' })).status).toBe(403);
    expect((await call('GET', '/v1/enrollments/enr_none', { key: 'client' })).status).toBe(404);
    const form = new FormData();
    form.append('url', 'https://x.example.com');
    expect((await call('PUT', '/v1/webhook', { key: 'operator', form })).status).toBe(415);
  });

  it('limits and outages: 413, 429 and 503 in the documented envelope', async () => {
    // 64 KiB is the registry's body limit; the API's own (an encoded image) is far larger.
    const huge = { type: 'application/json', body: JSON.stringify({ name: 'x'.repeat(70 * 1024) }) };
    expect((await call('POST', '/v1/oidc/clients', { key: 'operator', raw: huge })).status).toBe(413);
    let status = 0;
    // At most two windows' worth: the fixed one-minute window may turn over once during the loop.
    for (let i = 0; i < 2 * RATE_LIMIT + 1 && status !== 429; i++) {
      status = (await call('POST', '/v1/challenges', { key: 'client' })).status;
    }
    expect(status).toBe(429);
    const outage = await duringOutage(() => call<{ error: { code: string } }>('GET', '/v1/users', { key: 'operator' }));
    expect(outage.status).toBe(503);
    expect(outage.body.error.code).toBe('unavailable');
  });

  it('fails a response whose status the document does not list for its operation', async () => {
    // The same real 503, checked against the document as it was before the outage path was documented.
    const outage = await duringOutage(() => call('GET', '/v1/settings', { key: 'operator' }));
    const withoutOutage = structuredClone(document);
    delete withoutOutage.paths!['/v1/settings']!.get!.responses!['503'];
    expect(responseValidator(withoutOutage).problems('GET', '/v1/settings', outage.status, outage.body)).toEqual([
      'GET /v1/settings 503 is not documented',
    ]);
  });

  it('erasure, last', async () => {
    expect((await call('DELETE', `/v1/users/${ada}`, { key: 'operator' })).status).toBe(204);
  });

  it('drove every operation the document lists, and nothing it does not', () => {
    // The hosted login's endpoints need a browser's OIDC interaction: shared/oidc/oidc-door.int.test.ts drives and
    // checks them.
    const api = validator.operations().filter((operation) => !operation.includes('/interaction/'));
    expect([...driven].sort()).toEqual(api.sort());
  });
});
