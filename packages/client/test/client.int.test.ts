/**
 * @facegate/client against `npm start`'s server (a child process, real models, SQLite): the whole enrollment
 * (create → signed upload → poll), verify, identify, challenges, errors as typed values, and the publishable key's
 * origin binding. Photos come from a pinned npm package (tests/support/face-fixtures.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceGateClient, FaceGateError, isFaceGateError, settle } from '@facegate/client';
import { startSdkStack, type SdkStack } from '../../../tests/support/sdk-stack.js';

let stack: SdkStack;
let client: FaceGateClient;
let operator: FaceGateClient;

beforeAll(async () => {
  stack = await startSdkStack();
  client = new FaceGateClient({ baseUrl: stack.server.base, apiKey: stack.server.clientKey });
  operator = new FaceGateClient({ baseUrl: stack.server.base, apiKey: stack.server.operatorKey });
}, 240_000);

afterAll(() => stack?.server.stop());

describe('@facegate/client against npm start', () => {
  it('enrolls a person in one call and resolves with the decided enrollment', async () => {
    const seen: string[] = [];
    const enrollment = await client.enroll({
      username: 'ada',
      photo: new Blob([new Uint8Array(stack.fx.personA)], { type: 'image/jpeg' }),
      poll: { intervalMs: 100, onStatus: (e) => seen.push(e.status) },
    });
    expect(enrollment.status).toBe('active');
    expect(enrollment.userId).toMatch(/\S/);
    expect(seen.at(-1)).toBe('active');
    const users = await operator.listUsers({ search: 'ada' });
    expect(users.users.map((u) => [u.username, u.status])).toEqual([['ada', 'active']]);
  });

  it('verifies the same person (bytes, multipart) with a token, and denies another face', async () => {
    const granted = await client.verify('ada', new Uint8Array(stack.fx.personAAgain));
    expect(granted.decision).toBe('granted');
    expect(granted.token?.split('.')).toHaveLength(3);

    const denied = await client.verify('ada', stack.fx.personB);
    expect(denied.decision).toBe('denied');
    expect(denied.token).toBeUndefined();
  });

  it('sends base64 photos as JSON, the way an Expo app would', async () => {
    const result = await client.verify('ada', { base64: stack.fx.personAAgain.toString('base64') });
    expect(result.decision).toBe('granted');
  });

  it('identifies the enrolled person 1:N', async () => {
    const result = await client.identify(new Blob([new Uint8Array(stack.fx.personAAgain)], { type: 'image/jpeg' }));
    expect(result.decision).toBe('granted');
  });

  it('reports a rejected enrollment as a value with its reason', async () => {
    const enrollment = await client.enroll({ username: 'nobody', photo: stack.fx.noFace });
    expect(enrollment.status).toBe('rejected');
    expect(enrollment.reason).toMatch(/face/);
  });

  it('creates single-use challenges and sees the operator settings', async () => {
    const challenge = await client.createChallenge();
    expect(challenge.tenantId).toBe(stack.server.tenantId);
    expect(Date.parse(challenge.expiresAt)).toBeGreaterThan(Date.now());
    expect(await operator.getSettings()).toEqual({
      requirePossession: false,
      activeChallenge: false,
      requireBurst: false,
      lightChallenge: false,
    });
  });

  it('turns refusals into typed FaceGateErrors, and settle() into values', async () => {
    const taken = await settle(client.startEnrollment({ username: 'ada' }));
    expect(taken.ok).toBe(false);
    if (taken.ok) return;
    expect(taken.error).toBeInstanceOf(FaceGateError);
    expect(taken.error.status).toBe(409);

    const notImage = await client.verify('ada', stack.fx.notAnImage).catch((e: unknown) => e);
    expect(isFaceGateError(notImage, 'not_an_image')).toBe(true);
    expect((notImage as FaceGateError).status).toBe(422);

    const forbidden = await client.listUsers().catch((e: unknown) => e);
    expect(isFaceGateError(forbidden, 'forbidden')).toBe(true);

    const wrongKey = new FaceGateClient({ baseUrl: stack.server.base, apiKey: `fgk_${'x'.repeat(43)}` });
    expect(await settle(wrongKey.createChallenge())).toMatchObject({
      ok: false,
      error: { status: 401, code: 'unauthorized' },
    });

    const offline = new FaceGateClient({ baseUrl: 'http://127.0.0.1:9', apiKey: stack.server.clientKey });
    expect(await settle(offline.createChallenge())).toMatchObject({
      ok: false,
      error: { status: 0, code: 'network_error' },
    });
  });

  it('uses the publishable key only from its own origin', async () => {
    const config = (await (await fetch(`${stack.server.base}/web-config.json`)).json()) as Record<string, unknown>;
    expect(config).toEqual({ publishableKey: stack.server.publishableKey, tenantId: stack.server.tenantId });
    expect(stack.server.publishableKey).toMatch(/^fgpk_/);

    const fromPage = new FaceGateClient({
      baseUrl: stack.server.base,
      apiKey: stack.server.publishableKey,
      headers: { Origin: stack.origin },
    });
    expect((await fromPage.createChallenge()).tenantId).toBe(stack.server.tenantId);

    const fromElsewhere = new FaceGateClient({
      baseUrl: stack.server.base,
      apiKey: stack.server.publishableKey,
      headers: { Origin: 'https://evil.example' },
    });
    const refused = await settle(fromElsewhere.createChallenge());
    expect(refused).toMatchObject({ ok: false, error: { status: 403, code: 'origin_not_allowed' } });
  });
});
