/**
 * An operator revoking a lost phone's credential, over the real login path on SQLite and MariaDB (scripted face
 * engine, a software authenticator making real WebAuthn responses, a tenant that requires possession): the revoked
 * passkey or device key is refused at the next login, and nothing falls back — not the face alone, not the device
 * key the person had before their passkey. Another tenant's operator reaches nothing. The way back is a
 * re-enrollment by an operator with a new passkey.
 */
import { webcrypto } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftAuthenticator } from '../../../tests/support/soft-authenticator.js';
import { uploadPhoto } from '../../../tests/support/scripted-stack.js';
import { eachTestDatabase } from '../../../tests/support/test-databases.js';
import { buildComposition, type Composition } from '../../compose.js';
import { scriptedCapture, scriptedFaceEngine } from '../../face/scripted-face-engine.test-support.js';
import { createTenantWithKeys } from '../../local/demo-tenant.js';
import { silentLogger } from '../logger.js';
import type { Principal, StartEnrollmentInput } from '../facegate-app.js';
import { possessionMessage } from '../possession/possession-message.js';

const SERVICE = 'http://localhost:9999';
const databases = eachTestDatabase('fg-revoke-');

describe.each(databases)('revoking possession credentials on %s', (_name, withDatabase) => {
  let stack: Composition;
  let dataDir: string;
  let release: () => void;
  let done: Promise<void>;
  let client: Principal;
  let operator: Principal;
  let otherOperator: Principal;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fg-revoke-data-'));
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    done = withDatabase(async (url) => {
      stack = await buildComposition(
        { FACEGATE_DATA_DIR: dataDir, FACEGATE_DB_URL: url, FACEGATE_PUBLIC_URL: SERVICE, FACEGATE_LOG_LEVEL: 'error' },
        { engine: scriptedFaceEngine(), log: silentLogger },
      );
      ready();
      await new Promise<void>((r) => (release = r));
      await stack.close();
    });
    await Promise.race([started, done]);
    const keys = await createTenantWithKeys(stack.repos, 'Revocation');
    client = await stack.app.authenticate(`Bearer ${keys.clientKey}`);
    operator = await stack.app.authenticate(`Bearer ${keys.operatorKey}`);
    await stack.app.updateSettings(operator, { requirePossession: true });
    const other = await createTenantWithKeys(stack.repos, 'Elsewhere');
    otherOperator = await stack.app.authenticate(`Bearer ${other.operatorKey}`);
  }, 120_000);

  afterAll(async () => {
    release?.();
    await done;
    await rm(dataDir, { recursive: true, force: true });
  });

  async function enroll(principal: Principal, username: string, input: Partial<StartEnrollmentInput>) {
    const started = await stack.app.startEnrollment(principal, { username, ...input }, { origin: SERVICE });
    await uploadPhoto(stack, started.upload.url, scriptedCapture({ person: `p-${username}` }));
    expect((await stack.app.getEnrollment(principal, started.enrollmentId)).status).toBe('active');
    return started.userId;
  }

  async function registration(principal: Principal, authenticator: SoftAuthenticator) {
    const challenge = await stack.app.createChallenge(principal);
    return { challengeId: challenge.challengeId, response: authenticator.register(challenge.nonce, SERVICE) };
  }

  async function withPasskey(username: string, authenticator: SoftAuthenticator) {
    const challenge = await stack.app.createChallenge(client);
    return stack.app.verify(client, {
      username,
      image: scriptedCapture({ person: `p-${username}` }),
      challengeId: challenge.challengeId,
      passkey: authenticator.authenticate(challenge.nonce, SERVICE),
      client: { origin: SERVICE },
    });
  }

  async function deviceKey() {
    const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const jwk = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
    const login = async (username: string) => {
      const challenge = await stack.app.createChallenge(client);
      const message = new TextEncoder().encode(possessionMessage({ ...challenge, username }));
      const signature = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, message);
      return stack.app.verify(client, {
        username,
        image: scriptedCapture({ person: `p-${username}` }),
        challengeId: challenge.challengeId,
        signature: Buffer.from(signature).toString('base64url'),
      });
    };
    return { jwk, login };
  }

  const faceAlone = (username: string) =>
    stack.app.verify(client, { username, image: scriptedCapture({ person: `p-${username}` }) });

  it("lists a user's credentials without key material, and a revoked passkey is refused at the next login", async () => {
    // An account from before passkeys (device key), re-enrolled by an operator with a passkey.
    const old = await deviceKey();
    const userId = await enroll(client, 'ada', { deviceKey: old.jwk });
    expect(await old.login('ada')).toMatchObject({ decision: 'granted' });
    const phone = new SoftAuthenticator();
    await enroll(operator, 'ada', { passkey: await registration(operator, phone) });
    expect(await withPasskey('ada', phone)).toMatchObject({ decision: 'granted' });

    const detail = await stack.app.getUser(operator, userId);
    const [passkey, ...more] = detail.passkeys;
    expect(more).toEqual([]);
    expect(Object.keys(passkey!).sort()).toEqual(['createdAt', 'lastUsedAt', 'passkeyId', 'transports']);
    expect(passkey?.passkeyId).toMatch(/^psk_/);
    expect(passkey?.transports).toEqual(['internal']);
    const [device] = detail.deviceKeys;
    expect(Object.keys(device!).sort()).toEqual(['createdAt', 'deviceKeyId', 'superseded']);
    expect(device?.deviceKeyId).toMatch(/^dvk_/);
    expect(device?.superseded).toBe(true);

    const provider = stack.oidc.payloads.forTenant(operator.tenantId);
    await provider.upsert({
      model: 'Session',
      id: 'sess_ada',
      payload: { accountId: userId },
      expiresAt: Date.now() + 3_600_000,
    });
    await stack.app.revokePasskey(operator, userId, passkey!.passkeyId);
    expect(await provider.find('Session', 'sess_ada'), 'signed out of the OpenID Provider').toBeUndefined();

    // The phone is cut off, and nothing takes its place: not the face alone, not the device key from before.
    expect(await withPasskey('ada', phone)).toMatchObject({ decision: 'denied', reason: 'possession_invalid' });
    expect(await faceAlone('ada')).toMatchObject({ decision: 'denied', reason: 'possession_required' });
    expect(await old.login('ada')).toMatchObject({ decision: 'denied', reason: 'possession_invalid' });
    expect(await stack.app.getUser(operator, userId)).toMatchObject({ passkeys: [], deviceKeys: [] });

    const audit = await stack.repos.forTenant(operator.tenantId).auditEvents.list();
    expect(audit.items).toContainEqual(
      expect.objectContaining({
        action: 'passkey.revoked',
        actor: operator.apiKeyId,
        subjectType: 'user',
        subjectId: userId,
        details: { passkeyId: passkey!.passkeyId, supersededDeviceKeyId: device!.deviceKeyId },
      }),
    );

    // The way back: an operator re-enrolls the person with a new passkey (no owner token: they cannot log in).
    const newPhone = new SoftAuthenticator();
    await expect(
      stack.app.startEnrollment(
        client,
        { username: 'ada', passkey: await registration(client, newPhone) },
        {
          origin: SERVICE,
        },
      ),
    ).rejects.toMatchObject({ code: 'username_taken' });
    await enroll(operator, 'ada', { passkey: await registration(operator, newPhone) });
    expect(await withPasskey('ada', newPhone)).toMatchObject({ decision: 'granted' });
    expect(await withPasskey('ada', phone)).toMatchObject({ reason: 'possession_invalid' });
  });

  it('refuses a revoked device key at the next login', async () => {
    const key = await deviceKey();
    const userId = await enroll(client, 'bob', { deviceKey: key.jwk });
    expect(await key.login('bob')).toMatchObject({ decision: 'granted' });
    const [device] = (await stack.app.getUser(operator, userId)).deviceKeys;
    expect(device).toMatchObject({ superseded: false });

    // Bob is signed in to a relying party through the tenant's OpenID Provider (on the phone being cut off), and
    // so is Carol; the revocation signs Bob out there, not Carol.
    const carol = await enroll(client, 'carol', { deviceKey: (await deviceKey()).jwk });
    const provider = stack.oidc.payloads.forTenant(operator.tenantId);
    const later = Date.now() + 3_600_000;
    await provider.upsert({ model: 'Session', id: 'sess_bob', payload: { accountId: userId }, expiresAt: later });
    await provider.upsert({
      model: 'Grant',
      id: 'grant_bob',
      payload: { accountId: userId, clientId: 'rp' },
      expiresAt: later,
    });
    await provider.upsert({
      model: 'RefreshToken',
      id: 'rt_bob',
      payload: { accountId: userId, clientId: 'rp', grantId: 'grant_bob' },
      expiresAt: later,
    });
    await provider.upsert({ model: 'Session', id: 'sess_carol', payload: { accountId: carol }, expiresAt: later });

    await stack.app.revokeDeviceKey(operator, userId, device!.deviceKeyId);
    expect(await key.login('bob')).toMatchObject({ decision: 'denied', reason: 'possession_invalid' });
    expect(await provider.find('Session', 'sess_bob')).toBeUndefined();
    expect(await provider.find('Grant', 'grant_bob')).toBeUndefined();
    expect(await provider.find('RefreshToken', 'rt_bob')).toBeUndefined();
    expect(await provider.find('Session', 'sess_carol')).toMatchObject({ payload: { accountId: carol } });
    expect(await faceAlone('bob')).toMatchObject({ decision: 'denied', reason: 'possession_required' });
    const audit = await stack.repos.forTenant(operator.tenantId).auditEvents.list();
    expect(audit.items).toContainEqual(
      expect.objectContaining({
        action: 'device_key.revoked',
        subjectId: userId,
        details: { deviceKeyId: device!.deviceKeyId },
      }),
    );
  });

  it('reaches no credential of another user or another tenant, and takes operator keys only', async () => {
    const phone = new SoftAuthenticator();
    const cyId = await enroll(client, 'cy', { passkey: await registration(client, phone) });
    const key = await deviceKey();
    const dotId = await enroll(client, 'dot', { deviceKey: key.jwk });
    const [passkey] = (await stack.app.getUser(operator, cyId)).passkeys;
    const [device] = (await stack.app.getUser(operator, dotId)).deviceKeys;

    const refusals = [
      // Another tenant's operator, with the right user and credential ids.
      () => stack.app.revokePasskey(otherOperator, cyId, passkey!.passkeyId),
      () => stack.app.revokeDeviceKey(otherOperator, dotId, device!.deviceKeyId),
      // This tenant, but the credential is another user's.
      () => stack.app.revokePasskey(operator, dotId, passkey!.passkeyId),
      () => stack.app.revokeDeviceKey(operator, cyId, device!.deviceKeyId),
      // Unknown and overlong ids.
      () => stack.app.revokePasskey(operator, cyId, 'psk_0'),
      () => stack.app.revokeDeviceKey(operator, dotId, 'x'.repeat(65)),
    ];
    for (const refused of refusals) await expect(refused()).rejects.toMatchObject({ status: 404, code: 'not_found' });
    await expect(stack.app.revokePasskey(client, cyId, passkey!.passkeyId)).rejects.toMatchObject({ status: 403 });
    await expect(stack.app.getUser(otherOperator, cyId)).rejects.toMatchObject({ status: 404 });

    // Both still work.
    expect(await withPasskey('cy', phone)).toMatchObject({ decision: 'granted' });
    expect(await key.login('dot')).toMatchObject({ decision: 'granted' });
  });
});
