/**
 * Finding 4 (issue 12): every tenant shares one signing key, so a token must be bound to its tenant in what a
 * relying party already checks. Tenant A's relying party checks the README's way (jose's `jwtVerify` with A's issuer,
 * the audience and A's JWKS URL); a token granted to tenant B's user of the same name must fail that check.
 */
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../../shared/app/security-harness.test-support.js';
import { photo, securityHarness } from '../../shared/app/security-harness.test-support.js';
import type { Principal } from '../../shared/app/facegate-app.js';
import { createApiHandler, type ApiHandler } from '../../shared/http/api-handler.js';
import { httpRequest } from '../../shared/http/http-test-requests.test-support.js';
import { createTenantWithKeys } from '../../shared/local/demo-tenant.js';

/** The harness's FACEGATE_JWT_ISSUER and FACEGATE_JWT_AUDIENCE. */
const BASE_ISSUER = 'http://localhost:9999';
const AUDIENCE = 'facegate';

let harness: Harness;
let api: ApiHandler;
let tenantA: Principal;
let tenantB: Principal;

beforeAll(async () => {
  harness = await securityHarness();
  api = createApiHandler(harness.app, { maxImageBytes: 1024 * 1024, log: () => undefined });
  tenantA = harness.client;
  const b = await createTenantWithKeys(harness.repos, 'Tenant B');
  tenantB = await harness.app.authenticate(`Bearer ${b.clientKey}`);
  // The same username in both tenants, each with their own face.
  await harness.enrolled('carol', 1, tenantA);
  await harness.enrolled('carol', 2, tenantB);
});

afterAll(() => harness.close());

async function grantedToken(principal: Principal, person: number): Promise<string> {
  const result = await harness.app.verify(principal, { username: 'carol', image: photo({ person }) });
  if (result.decision !== 'granted' || !result.token) throw new Error(`expected a grant, got ${result.reason}`);
  return result.token;
}

/** Tenant A's relying party, configured as the README says: A's issuer, the audience, the JWKS under A's issuer. */
async function tenantACheck(token: string) {
  const issuer = `${BASE_ISSUER}/t/${tenantA.tenantId}`;
  const response = await api(httpRequest(`/t/${tenantA.tenantId}/.well-known/jwks.json`));
  expect(response.status).toBe(200);
  const jwks = createLocalJWKSet(JSON.parse(String(response.body)) as { keys: [] });
  return jwtVerify(token, jwks, {
    issuer,
    audience: AUDIENCE,
    algorithms: ['ES256'],
    currentDate: harness.clock.now(),
  });
}

describe('cross-tenant tokens', () => {
  it("accepts tenant A's own token and refuses tenant B's token for a user of the same name", async () => {
    const own = await grantedToken(tenantA, 1);
    const { payload } = await tenantACheck(own);
    expect(payload).toMatchObject({ username: 'carol', tenant: tenantA.tenantId });

    const foreign = await grantedToken(tenantB, 2);
    expect(decodeJwt(foreign)).toMatchObject({ username: 'carol', aud: AUDIENCE });
    await expect(tenantACheck(foreign)).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim: 'iss',
    });
  });

  it("names the tenant's issuer, not the shared one, and serves the JWKS under both paths", async () => {
    const token = decodeJwt(await grantedToken(tenantB, 2));
    expect(token.iss).toBe(`${BASE_ISSUER}/t/${tenantB.tenantId}`);
    const shared = await api(httpRequest('/.well-known/jwks.json'));
    const perTenant = await api(httpRequest(`/t/${tenantB.tenantId}/.well-known/jwks.json`));
    expect(perTenant.body).toEqual(shared.body);
    expect((await api(httpRequest('/t/ten_nobody/.well-known/jwks.json'))).status).toBe(404);
  });
});
