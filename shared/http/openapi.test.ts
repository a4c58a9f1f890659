import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApiHandler } from './api-handler.js';
import { apiRouter } from './api-routes.js';
import { CLIENT_KEY, FakeFaceGateApp, OPERATOR_KEY } from './fake-facegate-app.test-support.js';
import type { HttpRequest } from './http-message.js';
import { bearer, bodyJson, httpRequest, jsonRequest, multipartRequest } from './http-test-requests.test-support.js';
import { openApiDocument } from './openapi.js';
import type {
  HttpMethodName,
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from './openapi-types.js';
import {
  identifyJsonBody,
  startEnrollmentBody,
  updateSettingsBody,
  verifyFormFields,
  verifyJsonBody,
  webhookBody,
} from './request-schemas.js';

const doc = openApiDocument({ serverUrl: 'https://api.example.com' });

function operations(): { method: string; path: string; operation: OperationObject }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

function resolve<T>(value: T | ReferenceObject): T {
  if (value && typeof value === 'object' && '$ref' in value) {
    const [, , section = '', name = ''] = value.$ref.split('/');
    const target = (doc.components as Record<string, Record<string, unknown>>)[section]?.[name];
    if (target === undefined) throw new Error(`unresolved ${value.$ref}`);
    return resolve(target as T | ReferenceObject);
  }
  return value;
}

/** Problems of `value` against `schema`: types, required and undocumented members, enums, consts, items. */
function conformance(value: unknown, schema: SchemaObject | ReferenceObject, at = '$'): string[] {
  const s = resolve(schema);
  const problems: string[] = [];
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (s.type !== undefined) {
    const allowed: readonly string[] = typeof s.type === 'string' ? [s.type] : s.type;
    const ok = allowed.some((t) =>
      t === 'integer' ? Number.isInteger(value) : t === 'number' ? typeof value === 'number' : t === actual,
    );
    if (!ok) return [`${at}: expected ${allowed.join('|')}, got ${actual}`];
  }
  if (s.const !== undefined && value !== s.const) problems.push(`${at}: expected ${s.const}`);
  if (s.enum && !s.enum.includes(value as string)) problems.push(`${at}: ${String(value)} not in enum`);
  if (actual === 'object' && (s.properties || s.additionalProperties !== undefined)) {
    const record = value as Record<string, unknown>;
    for (const name of s.required ?? []) if (!(name in record)) problems.push(`${at}.${name}: required`);
    for (const [name, member] of Object.entries(record)) {
      const property = s.properties?.[name];
      if (property) problems.push(...conformance(member, property, `${at}.${name}`));
      else if (typeof s.additionalProperties === 'object') {
        problems.push(...conformance(member, s.additionalProperties, `${at}.${name}`));
      } else if (s.additionalProperties !== true) problems.push(`${at}.${name}: undocumented member`);
    }
  }
  if (actual === 'array' && s.items) {
    (value as unknown[]).forEach((item, i) => problems.push(...conformance(item, s.items!, `${at}[${i}]`)));
  }
  return problems;
}

function responseSchema(method: string, path: string, status: number): SchemaObject | ReferenceObject | undefined {
  const operation = doc.paths[path]?.[method.toLowerCase() as HttpMethodName];
  const documented = operation?.responses[String(status)];
  if (!documented) throw new Error(`${method} ${path} does not document ${status}`);
  return resolve<ResponseObject>(documented).content?.['application/json']?.schema;
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with bearer security and the given server', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://api.example.com' }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(openApiDocument().servers).toBeUndefined();
  });

  it('describes exactly the operations the router serves', () => {
    const routed = apiRouter(new FakeFaceGateApp(), { maxImageBytes: 1, openApiDocument: {} })
      .list()
      .map((r) => `${r.method} ${r.pattern}`)
      .sort();
    expect(
      operations()
        .map((o) => `${o.method} ${o.path}`)
        .sort(),
    ).toEqual(routed);
  });

  it('resolves every $ref', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(20);
    for (const $ref of refs) expect(() => resolve({ $ref })).not.toThrow();
  });

  it('requires a bearer key on /v1 operations only, and documents their 401 and 403', () => {
    for (const { path, operation } of operations()) {
      if (path.startsWith('/v1/')) {
        expect(operation.security, path).toBeUndefined();
        expect(Object.keys(operation.responses), path).toEqual(expect.arrayContaining(['401', '403', '500']));
      } else {
        expect(operation.security, path).toEqual([]);
      }
    }
  });

  it.each([
    ['StartEnrollmentRequest', startEnrollmentBody],
    ['VerifyJsonRequest', verifyJsonBody],
    [
      'VerifyMultipartRequest',
      verifyFormFields.extend({
        image: z.string(),
        frame: z.array(z.string()).optional(),
        burst: z.array(z.string()).optional(),
      }),
    ],
    ['SettingsPatch', updateSettingsBody],
    ['IdentifyJsonRequest', identifyJsonBody],
    ['WebhookRequest', webhookBody],
  ] as const)('%s lists the same fields and required fields as its validator', (name, schema) => {
    const generated = z.toJSONSchema(schema, { io: 'input' }) as { properties: object; required?: string[] };
    const documented = doc.components.schemas[name];
    expect(Object.keys(documented?.properties ?? {}).sort()).toEqual(Object.keys(generated.properties).sort());
    expect([...(documented?.required ?? [])].sort()).toEqual([...(generated.required ?? [])].sort());
  });
});

describe('responses match the document', () => {
  const image = Buffer.from('fake image bytes').toString('base64');
  const cases: [string, () => Promise<HttpRequest> | HttpRequest][] = [
    ['startEnrollment 201', () => jsonRequest('/v1/enrollments', { username: 'alice' }, bearer(CLIENT_KEY))],
    ['getEnrollment 200', () => httpRequest('/v1/enrollments/enr_1', { headers: bearer(CLIENT_KEY) })],
    ['verify 200', () => jsonRequest('/v1/verify', { username: 'alice', image }, bearer(CLIENT_KEY))],
    [
      'verify 200 (multipart)',
      () =>
        multipartRequest(
          '/v1/verify',
          [
            { name: 'username', value: 'alice' },
            { name: 'image', value: { bytes: Buffer.from('x'), filename: 'a.jpg', type: 'image/jpeg' } },
          ],
          bearer(CLIENT_KEY),
        ),
    ],
    ['identify 200', () => jsonRequest('/v1/identify', { image }, bearer(CLIENT_KEY))],
    ['createChallenge 201', () => httpRequest('/v1/challenges', { method: 'POST', headers: bearer(CLIENT_KEY) })],
    ['getSettings 200', () => httpRequest('/v1/settings', { headers: bearer(OPERATOR_KEY) })],
    ['updateSettings 200', () => jsonRequest('/v1/settings', { activeChallenge: true }, bearer(OPERATOR_KEY), 'PATCH')],
    ['listUsers 200', () => httpRequest('/v1/users', { headers: bearer(OPERATOR_KEY) })],
    ['listAttempts 200', () => httpRequest('/v1/attempts', { headers: bearer(OPERATOR_KEY) })],
    [
      'labelAttempt 200',
      () => jsonRequest('/v1/attempts/att_1/label', { label: 'fraud', note: 'printed photo' }, bearer(OPERATOR_KEY)),
    ],
    ['metrics 200', () => httpRequest('/v1/metrics?bucket=1h', { headers: bearer(OPERATOR_KEY) })],
    ['listDriftReports 200', () => httpRequest('/v1/drift', { headers: bearer(OPERATOR_KEY) })],
    ['deleteUser 204', () => httpRequest('/v1/users/usr_1', { method: 'DELETE', headers: bearer(OPERATOR_KEY) })],
    ['unlockUser 200', () => httpRequest('/v1/users/usr_1/unlock', { method: 'POST', headers: bearer(OPERATOR_KEY) })],
    ['listAlerts 200', () => httpRequest('/v1/alerts', { headers: bearer(OPERATOR_KEY) })],
    [
      'acknowledgeAlert 200',
      () => httpRequest('/v1/alerts/alr_1/acknowledge', { method: 'POST', headers: bearer(OPERATOR_KEY) }),
    ],
    ['getUser 200', () => httpRequest('/v1/users/usr_1', { headers: bearer(OPERATOR_KEY) })],
    ['getWebhook 200', () => httpRequest('/v1/webhook', { headers: bearer(OPERATOR_KEY) })],
    [
      'setWebhook 200',
      () => jsonRequest('/v1/webhook', { url: 'https://hooks.example.com/fg' }, { ...bearer(OPERATOR_KEY) }, 'PUT'),
    ],
    ['deleteWebhook 204', () => httpRequest('/v1/webhook', { method: 'DELETE', headers: bearer(OPERATOR_KEY) })],
    ['jwks 200', () => httpRequest('/.well-known/jwks.json')],
    ['tenantJwks 200', () => httpRequest('/t/ten_1/.well-known/jwks.json')],
    ['health 200', () => httpRequest('/healthz')],
    ['openapi 200', () => httpRequest('/openapi.json')],
    ['unauthorized 401', () => httpRequest('/v1/users')],
    ['forbidden 403', () => httpRequest('/v1/users', { headers: bearer(CLIENT_KEY) })],
    ['invalid 400', () => jsonRequest('/v1/enrollments', {}, bearer(CLIENT_KEY))],
    ['unsupported 415', () => jsonRequest('/v1/verify', 'x', { ...bearer(CLIENT_KEY), 'content-type': 'text/plain' })],
    ['not found 404', () => httpRequest('/v1/enrollments/enr_x', { headers: bearer(CLIENT_KEY) })],
  ];

  it.each(cases)('%s', async (_name, build) => {
    const api = createApiHandler(new FakeFaceGateApp(), { maxImageBytes: 1024, log: () => undefined });
    const request = await build();
    const response = await api(request);
    const match = apiRouter(new FakeFaceGateApp(), { maxImageBytes: 1, openApiDocument: {} }).match(
      request.method,
      request.path,
    );
    if (match.kind !== 'found') throw new Error('route expected');
    const schema = responseSchema(request.method, match.route.pattern, response.status);
    if (response.status === 204) {
      expect(schema).toBeUndefined();
      expect(response.body).toBeUndefined();
      return;
    }
    expect(schema).toBeDefined();
    expect(conformance(bodyJson(response), schema!)).toEqual([]);
  });

  it.each([
    ['verify', CLIENT_KEY, { username: 'alice', image }],
    ['verify', OPERATOR_KEY, { username: 'alice', image }],
    ['identify', CLIENT_KEY, { image }],
    ['identify', OPERATOR_KEY, { image }],
  ] as const)('a %s denial to the %s matches the document', async (route, key, body) => {
    const app = new FakeFaceGateApp();
    app.verifyResult = { decision: 'denied', score: 0.2, threshold: 0.6, reason: 'unknown_user', userId: 'usr_1' };
    app.identifyResult = { decision: 'denied', reason: 'ambiguous_match', score: 0.7 };
    const api = createApiHandler(app, { maxImageBytes: 1024, log: () => undefined });
    const response = await api(jsonRequest(`/v1/${route}`, body, bearer(key)));
    const schema = responseSchema('POST', `/v1/${route}`, 200);
    expect(conformance(bodyJson(response), schema!)).toEqual([]);
  });

  it('the checker does catch an undocumented member and a missing required one', () => {
    expect(
      conformance({ decision: 'granted', score: 1, extra: 1 }, { $ref: '#/components/schemas/VerifyResult' }),
    ).toEqual(['$.extra: undocumented member']);
    expect(conformance({ score: 1 }, { $ref: '#/components/schemas/VerifyResult' })).toEqual(['$.decision: required']);
  });
});
