/**
 * Tenant isolation across every route: the routes are read from the router itself, so a route added later is
 * probed without editing this file. For each one, tenant B's client and operator keys send the request aimed at
 * tenant A's people (A's ids in every path parameter, A's username and ids in the body). Nothing may answer 5xx,
 * no answer may contain anything of A's, a route with a path parameter must answer B's operator 404, and after
 * all probes every row tenant A owns, in every table of the live schema, is exactly as it was.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine } from '../../shared/face/create-face-engine.js';
import { apiRouter } from '../../shared/http/api-routes.js';
import { faceFixtures, type FaceFixtures } from '../../tests/support/face-fixtures.js';
import { openRealStack, type RealStack } from '../../tests/support/real-stack.js';
import { tableNames } from '../../tests/support/table-scan.js';

let real: RealStack;
let fx: FaceFixtures;
let dir: string;
const alice = { username: 'alice-isolated', userId: '', enrollmentId: '', attemptId: '' };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fg-isolation-'));
  const engine = await createFaceEngine();
  fx = await faceFixtures(engine);
  real = await openRealStack(`sqlite:${path.join(dir, 'db.sqlite')}`, engine);
  const enrolled = await real.enroll(real.a, alice.username, fx.personA, { email: 'alice.isolated@example.com' });
  expect(enrolled.status).toBe('active');
  alice.userId = enrolled.userId;
  alice.enrollmentId = enrolled.enrollmentId;
  const verified = await real.call('POST', '/v1/verify', {
    key: real.a.clientKey,
    json: { username: alice.username, image: fx.personAAgain.toString('base64') },
  });
  expect(verified.body).toMatchObject({ decision: 'granted' });
  const attempts = await real.call('GET', '/v1/attempts', { key: real.a.operatorKey });
  alice.attemptId = (attempts.body as { attempts: { id: string }[] }).attempts[0]?.id ?? '';
  expect(alice.attemptId).not.toBe('');
});

afterAll(async () => {
  await real?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every row of every table that has a tenant_id, for one tenant, as comparable text. */
async function snapshot(tenantId: string): Promise<Record<string, string[]>> {
  const db = real.raw.db.withoutPlugins() as unknown as {
    selectFrom(table: string): {
      selectAll(): { where(c: string, op: string, v: string): { execute(): Promise<Record<string, unknown>[]> } };
    };
  };
  const tables = await real.raw.db.introspection.getTables();
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    if (!table.columns.some((c) => c.name === 'tenant_id')) continue;
    const rows = await db.selectFrom(table.name).selectAll().where('tenant_id', '=', tenantId).execute();
    out[table.name] = rows
      .map((row) => JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
      .sort();
  }
  return out;
}

/** A's id for a path parameter, by its name. */
function idFor(param: string): string {
  if (/enrollment/i.test(param)) return alice.enrollmentId;
  if (/attempt/i.test(param)) return alice.attemptId;
  return alice.userId;
}

describe('tenant isolation across every route', () => {
  it("tenant B's keys neither see nor change anything of tenant A's, on any route", async () => {
    const routes = apiRouter(real.stack.app, { maxImageBytes: 1, openApiDocument: {} }).list();
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const before = await snapshot(real.a.tenantId);
    expect(before['users']).toHaveLength(1);
    expect(await tableNames(real.raw)).toContain('users');

    // Not the username: B may enroll its own person of that name (usernames are per tenant), and a probe does.
    const secrets = [alice.userId, alice.enrollmentId, alice.attemptId, 'alice.isolated@example.com', real.a.tenantId];
    // A body that names A's person every way a route might read it.
    const body = {
      username: alice.username,
      userId: alice.userId,
      enrollmentId: alice.enrollmentId,
      attemptId: alice.attemptId,
      image: fx.personAAgain.toString('base64'),
      label: 'genuine',
    };
    const probed: string[] = [];
    for (const route of routes) {
      const target =
        route.pattern.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(idFor(name))) +
        (route.method === 'GET' ? `?userId=${alice.userId}&search=${alice.username}` : '');
      for (const key of [real.b.clientKey, real.b.operatorKey]) {
        const withBody = route.method !== 'GET' && route.method !== 'DELETE';
        const res = await real.call(route.method, target, { key, ...(withBody ? { json: body } : {}) });
        const label = `${route.method} ${route.pattern} (${key === real.b.clientKey ? 'client' : 'operator'})`;
        expect(res.status, label).toBeLessThan(500);
        for (const secret of secrets) expect(res.text, `${label} leaks ${secret}`).not.toContain(secret);
        if (route.pattern.includes('{') && key === real.b.operatorKey) expect(res.status, label).toBe(404);
        probed.push(label);
      }
    }
    expect(probed).toHaveLength(routes.length * 2);
    expect(await snapshot(real.a.tenantId)).toEqual(before);
    expect(real.errors).toEqual([]);

    // A still works for A.
    const mine = await real.call('GET', '/v1/users', { key: real.a.operatorKey });
    expect(mine.text).toContain(alice.userId);
  });

  it('a forged page cursor is the caller’s error, not the server’s (found by npm run fuzz)', async () => {
    for (const route of ['/v1/users', '/v1/attempts']) {
      const res = await real.call('GET', `${route}?cursor=%2C.`, { key: real.b.operatorKey });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_cursor' } });
    }
  });
});
