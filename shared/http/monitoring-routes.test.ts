import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from './api-handler.js';
import { CLIENT_KEY, FakeFaceGateApp, OPERATOR_KEY, fakeMetrics } from './fake-facegate-app.test-support.js';
import { bearer, bodyJson, httpRequest, jsonRequest } from './http-test-requests.test-support.js';

const operator = bearer(OPERATOR_KEY);
let app: FakeFaceGateApp;
let api: ReturnType<typeof createApiHandler>;

beforeEach(() => {
  app = new FakeFaceGateApp();
  api = createApiHandler(app, { maxImageBytes: 1024, log: () => undefined });
});

const errorCode = (body: unknown) => (body as { error: { code: string } }).error.code;

describe('GET /v1/metrics', () => {
  it('passes the window and bucket to the app and returns its figures', async () => {
    const response = await api(
      httpRequest('/v1/metrics?from=2025-01-01T00:00:00Z&to=2025-01-01T02:00:00Z&bucket=1h', { headers: operator }),
    );
    expect(response.status).toBe(200);
    expect(app.lastCall('metrics')?.[1]).toEqual({
      from: '2025-01-01T00:00:00Z',
      to: '2025-01-01T02:00:00Z',
      bucket: '1h',
    });
    expect(bodyJson(response)).toEqual(fakeMetrics);
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
      jsonRequest('/v1/attempts/att_1/label', { label: 'fraud', note: 'a phone screen' }, operator),
    );
    expect(response.status).toBe(200);
    expect(app.lastCall('labelAttempt')?.slice(1)).toEqual(['att_1', { label: 'fraud', note: 'a phone screen' }]);
    expect(bodyJson(response)).toMatchObject({
      id: 'att_1',
      label: { label: 'fraud', note: 'a phone screen', labelledAt: '2025-01-01T01:00:00.000Z' },
    });
  });

  it('refuses an unknown label, a missing one and an over-long note with 400', async () => {
    for (const body of [{ label: 'maybe' }, {}, { label: 'genuine', note: 'x'.repeat(501) }]) {
      const response = await api(jsonRequest('/v1/attempts/att_1/label', body, operator));
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    expect(app.lastCall('labelAttempt')).toBeUndefined();
  });

  it('answers 404 for an unknown attempt, 415 for a non-JSON body, 405 for GET', async () => {
    expect((await api(jsonRequest('/v1/attempts/att_x/label', { label: 'genuine' }, operator))).status).toBe(404);
    const text = jsonRequest('/v1/attempts/att_1/label', 'label=genuine', {
      ...operator,
      'content-type': 'text/plain',
    });
    expect((await api(text)).status).toBe(415);
    expect((await api(httpRequest('/v1/attempts/att_1/label', { headers: operator }))).status).toBe(405);
  });
});

describe('GET /v1/drift', () => {
  it('lists drift reports with the next cursor and passes paging through', async () => {
    const response = await api(httpRequest('/v1/drift?limit=10&cursor=abc', { headers: operator }));
    expect(response.status).toBe(200);
    expect(app.lastCall('listDriftReports')?.[1]).toEqual({ limit: 10, cursor: 'abc' });
    const body = bodyJson(response) as { reports: { moved: string[] }[]; nextCursor: string };
    expect(body.reports[0]?.moved).toEqual(['brightness']);
    expect(body.nextCursor).toBe('d2');
  });

  it('refuses a limit out of range with 400 and a client key with 403', async () => {
    expect((await api(httpRequest('/v1/drift?limit=0', { headers: operator }))).status).toBe(400);
    expect((await api(httpRequest('/v1/drift?limit=201', { headers: operator }))).status).toBe(400);
    expect((await api(httpRequest('/v1/drift', { headers: bearer(CLIENT_KEY) }))).status).toBe(403);
  });
});
