/**
 * The monitoring routes over the real application (SQLite, the scripted face engine): metrics over real attempts,
 * labelling one, and drift reports as the drift check stores them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../app/facegate-app.js';
import { scriptedCapture } from '../face/scripted-face-engine.test-support.js';
import {
  openScriptedStack,
  watchApp,
  type ScriptedStack,
  type WatchedApp,
} from '../../tests/support/scripted-stack.js';
import { createApiHandler } from './api-handler.js';
import { bearer, bodyJson, httpRequest, jsonRequest } from './http-test-requests.test-support.js';

let s: ScriptedStack;
let CLIENT_KEY: string;
let operator: Record<string, string>;
let principal: Principal;
/** A denied verify of alice's account, shown someone else. */
let attemptId: string;
let app: WatchedApp;
let api: ReturnType<typeof createApiHandler>;

beforeAll(async () => {
  s = await openScriptedStack();
  CLIENT_KEY = s.a.clientKey;
  operator = bearer(s.a.operatorKey);
  principal = await s.app.authenticate(`Bearer ${s.a.operatorKey}`);
  await s.enroll(s.a, 'alice');
  await s.app.verify(principal, { username: 'alice', image: scriptedCapture({ person: 'alice' }), client: {} });
  await s.app.verify(principal, { username: 'alice', image: scriptedCapture({ person: 'eve' }), client: {} });
  const { attempts } = await s.app.listAttempts(principal, { outcome: 'denied' });
  attemptId = attempts[0]?.id ?? 'missing';
  // Two drift reports, as the scheduled drift check stores them.
  const drift = s.stack.repos.forTenant(s.a.tenantId).driftReports;
  for (const [i, feature] of ['brightness', 'sharpness'].entries()) {
    await drift.add({
      modelVersion: s.stack.engine.modelVersion,
      status: 'drift',
      severity: 'alert',
      window: { start: Date.UTC(2025, 0, 2 + i), end: Date.UTC(2025, 0, 3 + i), count: 120 },
      reference: { start: Date.UTC(2024, 11, 26), end: Date.UTC(2025, 0, 2), count: 900 },
      moved: [feature],
      features: [{ feature, referenceCount: 900, recentCount: 120, psi: 1.2, moved: true, severity: 'alert' }],
    });
  }
});

afterAll(async () => {
  await s?.close();
});

beforeEach(() => {
  app = watchApp(s.app);
  api = createApiHandler(app.app, { maxImageBytes: 1024, log: () => undefined });
});

const errorCode = (body: unknown) => (body as { error: { code: string } }).error.code;

describe('GET /v1/metrics', () => {
  it('passes the window and bucket to the app and returns its figures', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const response = await api(httpRequest(`/v1/metrics?from=${from}&to=${to}&bucket=1h`, { headers: operator }));
    expect(response.status).toBe(200);
    expect(app.lastCall('metrics')?.[1]).toEqual({ from, to, bucket: '1h' });
    const body = bodyJson(response) as { bucketSeconds: number; totals: { attempts: number; outcomes: object } };
    expect(body.bucketSeconds).toBe(3600);
    expect(body.totals.attempts).toBe(2);
    expect(body.totals.outcomes).toEqual({ granted: 1, denied: 1, error: 0 });
    expect(body).toEqual(JSON.parse(JSON.stringify(await s.app.metrics(principal, { from, to, bucket: '1h' }))));
  });

  it('refuses a malformed bucket or instant with 400 before calling the app', async () => {
    for (const query of ['bucket=5 minutes', 'bucket=-1h', 'from=yesterday', 'to=2025-13-01T00:00:00Z']) {
      const response = await api(httpRequest(`/v1/metrics?${query}`, { headers: operator }));
      expect(response.status, query).toBe(400);
      expect(errorCode(bodyJson(response))).toBe('invalid_request');
    }
    expect(app.lastCall('metrics')).toBeUndefined();
  });

  it('is for operators: 401 without a key, 403 with a client key', async () => {
    expect((await api(httpRequest('/v1/metrics'))).status).toBe(401);
    expect((await api(httpRequest('/v1/metrics', { headers: bearer(CLIENT_KEY) }))).status).toBe(403);
  });
});

describe('POST /v1/attempts/{attemptId}/label', () => {
  it('labels an attempt and returns it with its label', async () => {
    const response = await api(
      jsonRequest(`/v1/attempts/${attemptId}/label`, { label: 'fraud', note: 'a phone screen' }, operator),
    );
    expect(response.status).toBe(200);
    expect(app.lastCall('labelAttempt')?.slice(1)).toEqual([attemptId, { label: 'fraud', note: 'a phone screen' }]);
    expect(bodyJson(response)).toMatchObject({
      id: attemptId,
      outcome: 'denied',
      label: { label: 'fraud', note: 'a phone screen', labelledAt: expect.stringMatching(/^\d{4}-/) as string },
    });
  });

  it('refuses an unknown label, a missing one and an over-long note with 400', async () => {
    for (const body of [{ label: 'maybe' }, {}, { label: 'genuine', note: 'x'.repeat(501) }]) {
      const response = await api(jsonRequest(`/v1/attempts/${attemptId}/label`, body, operator));
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    expect(app.lastCall('labelAttempt')).toBeUndefined();
  });

  it('answers 404 for an unknown attempt, 415 for a non-JSON body, 405 for GET', async () => {
    expect((await api(jsonRequest('/v1/attempts/att_x/label', { label: 'genuine' }, operator))).status).toBe(404);
    const text = jsonRequest(`/v1/attempts/${attemptId}/label`, 'label=genuine', {
      ...operator,
      'content-type': 'text/plain',
    });
    expect((await api(text)).status).toBe(415);
    expect((await api(httpRequest(`/v1/attempts/${attemptId}/label`, { headers: operator }))).status).toBe(405);
  });
});

describe('GET /v1/drift', () => {
  it('lists drift reports with the next cursor and passes paging through', async () => {
    const response = await api(httpRequest('/v1/drift?limit=1', { headers: operator }));
    expect(response.status).toBe(200);
    expect(app.lastCall('listDriftReports')?.[1]).toEqual({ limit: 1 });
    const body = bodyJson(response) as { reports: { moved: string[] }[]; nextCursor: string };
    expect(body.reports).toHaveLength(1);
    expect(body.nextCursor).toEqual(expect.any(String));
    const next = await api(httpRequest(`/v1/drift?limit=10&cursor=${body.nextCursor}`, { headers: operator }));
    expect(app.lastCall('listDriftReports')?.[1]).toEqual({ limit: 10, cursor: body.nextCursor });
    const rest = bodyJson(next) as { reports: { moved: string[] }[]; nextCursor?: string };
    expect([...body.reports, ...rest.reports].map((r) => r.moved[0]).sort()).toEqual(['brightness', 'sharpness']);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('refuses a limit out of range with 400 and a client key with 403', async () => {
    expect((await api(httpRequest('/v1/drift?limit=0', { headers: operator }))).status).toBe(400);
    expect((await api(httpRequest('/v1/drift?limit=201', { headers: operator }))).status).toBe(400);
    expect((await api(httpRequest('/v1/drift', { headers: bearer(CLIENT_KEY) }))).status).toBe(403);
  });
});
