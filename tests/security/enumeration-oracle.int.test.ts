/**
 * Finding 5 (issue 12): a client key (which every end user's browser holds) must learn nothing about which
 * usernames exist and get no similarity score to climb. Replayed through the HTTP handler over the real use cases
 * (security harness: SQLite repositories, a fake engine whose "photos" name a person): unknown user, wrong face,
 * locked account and faceless capture answers are compared byte for byte, the precise reason is in the attempts,
 * and the face pipeline runs for unknown and locked accounts alike.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Harness } from '../../shared/app/security-harness.test-support.js';
import { fakeEngine, photo, securityHarness } from '../../shared/app/security-harness.test-support.js';
import { createApiHandler, type ApiHandler } from '../../shared/http/api-handler.js';
import { bodyJson, jsonRequest } from '../../shared/http/http-test-requests.test-support.js';
import { createTenantWithKeys, type DevCredentials } from '../../shared/local/demo-tenant.js';

let harness: Harness;
let api: ApiHandler;
let keys: DevCredentials;

beforeAll(async () => {
  harness = await securityHarness();
  api = createApiHandler(harness.app, { maxImageBytes: 1024 * 1024, log: () => undefined });
  keys = await createTenantWithKeys(harness.repos, 'Enumeration test');
  const principal = await harness.app.authenticate(`Bearer ${keys.clientKey}`);
  await harness.enrolled('alice', 1, principal);
  await harness.enrolled('bob', 2, principal);
});
afterAll(() => harness.close());
afterEach(() => vi.restoreAllMocks());

const image = (p: Parameters<typeof photo>[0]) => Buffer.from(photo(p)).toString('base64');

async function verify(username: string, person: number | undefined, key = keys.clientKey) {
  // Attempts are listed newest first by time: one second apart keeps them in order (well inside a lockout).
  harness.clock.advance(1000);
  const response = await api(
    jsonRequest(
      '/v1/verify',
      { username, image: image(person === undefined ? {} : { person }) },
      {
        authorization: `Bearer ${key}`,
      },
    ),
  );
  return { status: response.status, body: bodyJson(response) as Record<string, unknown> };
}

async function lastAttemptReason(): Promise<string | null | undefined> {
  const { items } = await harness.repos.forTenant(keys.tenantId).attempts.list({ limit: 1 });
  return items[0]?.reason;
}

describe('username enumeration and score oracle (client key)', () => {
  it('answers an unknown user and a wrong face identically: no score, no userId, one reason', async () => {
    const unknown = await verify('nobody-here', 3);
    expect(await lastAttemptReason()).toBe('unknown_user');
    const wrongFace = await verify('alice', 3);
    expect(await lastAttemptReason()).toBe('no_match');
    expect(unknown).toEqual(wrongFace);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ decision: 'denied', reason: 'not_verified' });
  });

  it('answers a faceless capture the same for an existing and an unknown user', async () => {
    const existing = await verify('bob', undefined);
    const unknown = await verify('nobody-here', undefined);
    expect(existing).toEqual(unknown);
    expect(existing.body).toMatchObject({ decision: 'denied', reason: 'no_face' });
  });

  it('answers a locked account like an unknown user, even with the right face, and still runs the pipeline', async () => {
    for (let i = 0; i < 5; i++) await verify('bob', 4);
    const analyze = vi.spyOn(fakeEngine, 'analyze');
    const locked = await verify('bob', 2);
    expect(await lastAttemptReason()).toBe('locked_out');
    const unknown = await verify('nobody-at-all', 2);
    expect(locked).toEqual(unknown);
    expect(locked.body).toEqual({ decision: 'denied', reason: 'not_verified' });
    // Both requests analysed the capture: the answer takes as long either way.
    expect(analyze).toHaveBeenCalledTimes(2);
  });

  it('gives identify denials no score and no user', async () => {
    const response = await api(
      jsonRequest('/v1/identify', { image: image({ person: 6 }) }, { authorization: `Bearer ${keys.clientKey}` }),
    );
    expect(bodyJson(response)).toEqual({ decision: 'denied', reason: 'no_match' });
  });

  it('keeps the precise reason and score for operator keys and in the attempts', async () => {
    const operator = await verify('alice', 5, keys.operatorKey);
    expect(operator.body).toMatchObject({ decision: 'denied', reason: 'no_match', score: 0 });
    const { items } = await harness.repos.forTenant(keys.tenantId).attempts.list({ limit: 50 });
    expect(new Set(items.map((a) => a.reason))).toEqual(new Set(['unknown_user', 'no_match', 'no_face', 'locked_out']));
  });
});
