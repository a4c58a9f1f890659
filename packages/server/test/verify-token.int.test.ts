/**
 * verifyFaceGateToken against `npm start`'s server: a token from a real granted verify is accepted with its claims;
 * a tampered token, another tenant's issuer and a wrong audience are refused with typed codes; the JWKS is fetched
 * once for many checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceGateClient } from '@facegate/client';
import { FaceGateTokenError, verifyFaceGateToken } from '@facegate/server';
import { startSdkStack, type SdkStack } from '../../../tests/support/sdk-stack.js';

let stack: SdkStack;
let token: string;
let userId: string;

beforeAll(async () => {
  stack = await startSdkStack();
  const client = new FaceGateClient({ baseUrl: stack.server.base, apiKey: stack.server.clientKey });
  const enrolled = await client.enroll({ username: 'grace', photo: stack.fx.personA });
  if (enrolled.status !== 'active') throw new Error(`enrollment ${enrolled.status}: ${enrolled.reason}`);
  userId = enrolled.userId;
  const result = await client.verify('grace', stack.fx.personAAgain);
  if (!result.token) throw new Error(`expected a token, got ${result.decision} ${result.reason}`);
  token = result.token;
}, 240_000);

afterAll(() => stack?.server.stop());

/** The dev server's issuer is its public URL (FACEGATE_JWT_ISSUER unset), http://localhost:<port>. */
const issuerBaseUrl = () => `http://localhost:${new URL(stack.server.base).port}`;

describe('verifyFaceGateToken', () => {
  it('reads the JWKS once for many tokens', async () => {
    const requests: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return realFetch(input, init);
    };
    try {
      // The first check of this process: the key set cache is still empty.
      const options = { tenant: stack.server.tenantId, issuerBaseUrl: issuerBaseUrl() };
      for (let i = 0; i < 3; i++) await verifyFaceGateToken(token, options);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(requests).toEqual([`${issuerBaseUrl()}/t/${stack.server.tenantId}/.well-known/jwks.json`]);
  });

  it('accepts a granted token and returns who logged in', async () => {
    const claims = await verifyFaceGateToken(token, { tenant: stack.server.tenantId, issuerBaseUrl: issuerBaseUrl() });
    expect(claims).toMatchObject({ sub: userId, tenant: stack.server.tenantId, username: 'grace', amr: ['face'] });
    expect(claims.score).toBeGreaterThan(0);
  });

  it('refuses a tampered token, another tenant, and another audience', async () => {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, username: 'admin' })).toString('base64url')}.${signature}`;
    const base = { tenant: stack.server.tenantId, issuerBaseUrl: issuerBaseUrl() };

    await expect(verifyFaceGateToken(forged, base)).rejects.toMatchObject({ code: 'invalid' });
    await expect(verifyFaceGateToken(token, { ...base, tenant: 'ten_other' })).rejects.toMatchObject({
      code: 'wrong_tenant',
    });
    const wrongAudience = await verifyFaceGateToken(token, { ...base, audience: 'someone-else' }).catch(
      (e: unknown) => e,
    );
    expect(wrongAudience).toBeInstanceOf(FaceGateTokenError);
    expect((wrongAudience as FaceGateTokenError).code).toBe('invalid');
  });
});
