/**
 * The query strings of the list and filter operations: the zod schema a route parses its query with is the one
 * registered as the operation's `request.query`, so the document lists exactly the parameters the server reads,
 * typed as a caller sends them, and every value the document rules out is refused with the typed 400 envelope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { openScriptedStack, type ScriptedStack } from '../../tests/support/scripted-stack.js';
import { createApiHandler } from './api-handler.js';
import { bearer, bodyJson, httpRequest } from './http-test-requests.test-support.js';
import { openApiDocument } from './openapi.js';
import {
  listAlertsQuery,
  listAttemptsQuery,
  listDriftQuery,
  listUsersQuery,
  MAX_ALERTS_PAGE_SIZE,
  MAX_ATTEMPTS_PAGE_SIZE,
  MAX_DRIFT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  metricsQuery,
} from './request-schemas.js';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: { type?: unknown; enum?: unknown[]; minimum?: number; maximum?: number };
}

/** Each filtered operation, the schema its route parses the query with, and a query the server accepts. */
const operations: { path: string; schema: z.ZodObject; maxLimit?: number; good: string }[] = [
  { path: '/v1/users', schema: listUsersQuery, maxLimit: MAX_PAGE_SIZE, good: 'search=a&limit=100' },
  {
    path: '/v1/attempts',
    schema: listAttemptsQuery,
    maxLimit: MAX_ATTEMPTS_PAGE_SIZE,
    good: 'kind=verify&outcome=denied&since=2025-01-01T00:00:00Z&limit=1000',
  },
  { path: '/v1/metrics', schema: metricsQuery, good: 'from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z&bucket=1h' },
  { path: '/v1/drift', schema: listDriftQuery, maxLimit: MAX_DRIFT_PAGE_SIZE, good: 'limit=200' },
  {
    path: '/v1/alerts',
    schema: listAlertsQuery,
    maxLimit: MAX_ALERTS_PAGE_SIZE,
    good: 'severity=high&status=pending&acknowledged=false&limit=500',
  },
];

const document = openApiDocument();
const parametersOf = (path: string) =>
  ((document.paths?.[path]?.get?.parameters ?? []) as Parameter[]).filter((p) => p.in === 'query');

let s: ScriptedStack;
let api: ReturnType<typeof createApiHandler>;
beforeAll(async () => {
  s = await openScriptedStack();
  api = createApiHandler(s.app, { maxImageBytes: 1024, log: () => undefined });
});
afterAll(async () => {
  await s?.close();
});

const get = async (target: string) => {
  const response = await api(httpRequest(target, { headers: bearer(s.a.operatorKey) }));
  return { status: response.status, body: bodyJson(response) as { error?: { code: string; details?: unknown } } };
};

describe.each(operations)('GET $path query', ({ path, schema, maxLimit, good }) => {
  it('is documented from the schema the route parses it with: every member, optional, never null', () => {
    const parameters = parametersOf(path);
    expect(parameters.map((p) => p.name).sort()).toEqual(Object.keys(schema.shape).sort());
    for (const parameter of parameters) {
      expect(parameter.required, parameter.name).toBe(false);
      expect(parameter.schema.type, parameter.name).toBe(parameter.name === 'limit' ? 'integer' : 'string');
      expect(parameter.schema.enum ?? [], parameter.name).not.toContain(null);
    }
    if (maxLimit !== undefined) {
      expect(parameters.find((p) => p.name === 'limit')?.schema).toMatchObject({ minimum: 1, maximum: maxLimit });
    }
  });

  it('accepts values the document allows', async () => {
    expect((await get(`${path}?${good}`)).status).toBe(200);
    expect((await get(path)).status).toBe(200);
  });

  // The refusals follow from the document: out-of-range and non-integer limits, and a value outside each enum.
  const bad = [
    ...(maxLimit !== undefined ? ['-3', 'abc', '0', '1.5', String(maxLimit + 1)].map((v) => ['limit', v]) : []),
    ...parametersOf(path)
      .filter((p) => p.schema.enum)
      .map((p) => [p.name, 'not-a-member']),
    ...parametersOf(path)
      .filter((p) => (p.schema as { format?: string }).format === 'date-time')
      .map((p) => [p.name, 'yesterday']),
  ];

  it.each(bad)('refuses %s=%s with 400 invalid_request naming the parameter', async (name, value) => {
    const { status, body } = await get(`${path}?${name}=${encodeURIComponent(value)}`);
    expect(status).toBe(400);
    expect(body.error?.code).toBe('invalid_request');
    expect((body.error?.details as { path: string }[]).map((d) => d.path)).toEqual([name]);
  });
});
