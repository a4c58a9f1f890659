import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScriptedStack, type ScriptedStack } from '../../tests/support/scripted-stack.js';
import { apiRouter } from './api-routes.js';
import { openApiDocument } from './openapi.js';
import { responseValidator } from './openapi-validator.test-support.js';

const doc = openApiDocument({ serverUrl: 'https://api.example.com' });
const validator = responseValidator(doc);

let s: ScriptedStack;
beforeAll(async () => {
  s = await openScriptedStack();
});
afterAll(async () => {
  await s?.close();
});

type Operation = { security?: unknown[]; responses?: Record<string, unknown>; requestBody?: unknown };

function operations(): { path: string; method: string; operation: Operation }[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
  );
}

describe('the generated OpenAPI document', () => {
  it('is OpenAPI 3.1 with bearer security and the given server', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://api.example.com' }]);
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(openApiDocument().servers).toBeUndefined();
  });

  it('describes exactly the operations the router and the OIDC door serve', () => {
    const routed = apiRouter(s.app, { maxImageBytes: 1, openApiDocument: {} })
      .list()
      .map((r) => `${r.method} ${r.pattern}`);
    // The operator's client registry, served beside the router by shared/oidc/oidc-door.ts.
    const door = ['GET /v1/oidc/clients', 'POST /v1/oidc/clients', 'DELETE /v1/oidc/clients/{clientId}'];
    // The hosted login's JSON endpoints (shared/oidc/interaction-routes.ts).
    const interaction = '/t/{tenantId}/interaction/{uid}';
    door.push(
      `GET ${interaction}/details`,
      ...['challenge', 'verify', 'consent', 'abort'].map((a) => `POST ${interaction}/${a}`),
    );
    expect(validator.operations().sort()).toEqual([...routed, ...door].sort());
  });

  it('resolves every $ref to a generated component', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(refs).size).toBeGreaterThan(25);
    for (const name of refs) expect(doc.components?.schemas?.[name], name).toBeDefined();
  });

  it('requires a bearer key on /v1 operations only, and documents their 401, 403, 500 and outage 503', () => {
    for (const { path, operation } of operations()) {
      if (path.startsWith('/v1/')) {
        expect(operation.security, path).toBeUndefined();
        const statuses = Object.keys(operation.responses ?? {});
        expect(statuses, path).toEqual(expect.arrayContaining(['401', '403', '500', '503']));
      } else if (path.includes('/interaction/')) {
        expect(operation.security, path).toEqual([{ interactionCookie: [] }]);
      } else {
        expect(operation.security, path).toEqual([]);
      }
    }
  });

  it('documents 429 on the rate-limited operations only, and 413 wherever a body is read', () => {
    const limited = operations()
      .filter(({ operation }) => operation.responses?.['429'])
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    // enforce-rate-limits.ts is called by exactly these use cases (the hosted login's through the same ones).
    expect(limited.sort()).toEqual([
      'POST /t/{tenantId}/interaction/{uid}/challenge',
      'POST /t/{tenantId}/interaction/{uid}/verify',
      'POST /v1/challenges',
      'POST /v1/enrollments',
      'POST /v1/identify',
      'POST /v1/verify',
    ]);
    for (const { method, path, operation } of operations()) {
      if (operation.requestBody) expect(Object.keys(operation.responses ?? {}), `${method} ${path}`).toContain('413');
    }
  });

  it("documents the hosted login's JSON through the schemas its routes answer with", () => {
    const schemas = doc.components?.schemas ?? {};
    expect(schemas.InteractionDetails).toMatchObject({
      required: expect.arrayContaining(['prompt', 'clientName', 'requirePossession', 'activeChallenge']) as unknown,
    });
    expect(JSON.stringify(schemas.InteractionVerifyResult)).toContain('redirectTo');
    expect(doc.components?.securitySchemes?.interactionCookie).toMatchObject({ in: 'cookie', name: '_interaction' });
    const verify = doc.paths?.['/t/{tenantId}/interaction/{uid}/verify']?.post;
    expect(verify?.requestBody).toEqual(doc.paths?.['/v1/verify']?.post?.requestBody);
    expect(verify?.tags).toEqual(['hosted-login']);
  });

  it('takes its request and response shapes from the zod schemas, descriptions included', () => {
    const schemas = doc.components?.schemas ?? {};
    expect(schemas.StartEnrollmentRequest).toMatchObject({
      required: ['username'],
      properties: { deviceKey: { $ref: '#/components/schemas/DevicePublicKey' } },
    });
    expect(schemas.Challenge).toMatchObject({
      properties: { burst: { type: 'boolean' }, light: { type: 'array' } },
      required: ['challengeId', 'nonce', 'tenantId', 'expiresAt'],
    });
    expect(schemas.IdentifyResult).toMatchObject({ properties: { displayName: { type: 'string' } } });
    expect(JSON.stringify(schemas.VerifyResult)).toContain('not_verified');
  });
});

describe('the response validator', () => {
  it('catches an undocumented member, a missing required one, an undocumented status and an unknown route', () => {
    expect(validator.problems('POST', '/v1/verify', 200, { decision: 'granted', score: 1 })).toEqual([]);
    expect(validator.problems('POST', '/v1/verify', 200, { decision: 'granted', extra: 1 })).toEqual([
      expect.stringContaining('must NOT have additional properties'),
    ]);
    expect(validator.problems('POST', '/v1/verify', 200, { score: 1 })).toEqual([
      expect.stringContaining("must have required property 'decision'"),
    ]);
    expect(validator.problems('POST', '/v1/verify', 201, {})).toEqual(['POST /v1/verify 201 is not documented']);
    expect(validator.problems('GET', '/v1/nowhere', 200, {})).toEqual(['GET /v1/nowhere is not in the document']);
    expect(validator.problems('DELETE', '/v1/webhook', 204, undefined)).toEqual([]);
  });

  it('checks formats: an instant must be a date-time', () => {
    const user = { userId: 'u', username: 'a', status: 'active', templates: 1, createdAt: 'yesterday' };
    expect(validator.problems('GET', '/v1/users', 200, { users: [user] })).toEqual([
      expect.stringContaining('must match format "date-time"'),
    ]);
  });
});
