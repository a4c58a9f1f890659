/**
 * JWT tampering beyond token-issuer.test.ts (which covers alg none, expiry, another tenant or audience and a
 * stranger's key under our kid): a flipped signature bit, an unknown kid, a payload edited under the original
 * signature, HS256 keyed with our public key (algorithm confusion), another issuer, a token not yet valid.
 */
import { createHmac } from 'node:crypto';
import { SignJWT, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../ports/clock.js';
import { JwkSigningKeyStore, type StoredKeys } from './signing-keys.js';
import { TokenIssuer, tenantIssuer } from './token-issuer.js';

const opts = { issuer: 'https://facegate.test', audience: 'facegate-clients', ttlSeconds: 120 };
const claims = { sub: 'usr_1', tenant: 'ten_a', username: 'ada', score: 0.71, model: 'frn128-flip-v1' };

function memoryStore() {
  let stored: StoredKeys | null = null;
  return new JwkSigningKeyStore(
    () => Promise.resolve(stored),
    (keys) => {
      stored = keys;
      return Promise.resolve();
    },
  );
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (token: string) => token.split('.') as [string, string, string];

async function setup() {
  const clock = new FakeClock();
  const store = memoryStore();
  const issuer = new TokenIssuer(store, clock, opts);
  const { token } = await issuer.issue(claims);
  return { clock, store, issuer, token };
}

describe('access token tampering', () => {
  it('refuses a token whose signature has one bit flipped, wherever the bit is', async () => {
    const { issuer, token } = await setup();
    const [header, payload, signature] = parts(token);
    const sig = Buffer.from(signature, 'base64url');
    for (const at of [0, 17, sig.length - 1]) {
      const flipped = Buffer.from(sig);
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      await expect(issuer.verify(`${header}.${payload}.${flipped.toString('base64url')}`)).rejects.toThrow();
    }
  });

  it('refuses a kid that is not in the JWKS, even over a valid signature', async () => {
    const { issuer, token } = await setup();
    const [header, payload, signature] = parts(token);
    const edited = { ...decodeProtectedHeader(token), kid: 'not-a-published-kid' };
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toHaveProperty('kid');
    await expect(issuer.verify(`${b64(edited)}.${payload}.${signature}`)).rejects.toThrow();
  });

  it('refuses a payload edited under the original signature (another tenant, subject or lifetime)', async () => {
    const { issuer, token } = await setup();
    const [header, payload, signature] = parts(token);
    const original = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    for (const edit of [{ tenant: 'ten_b' }, { sub: 'usr_2' }, { exp: Number(original['exp']) + 86_400 }]) {
      await expect(issuer.verify(`${header}.${b64({ ...original, ...edit })}.${signature}`)).rejects.toThrow();
    }
  });

  it('refuses HS256 keyed with our own public key (algorithm confusion)', async () => {
    const { issuer, token } = await setup();
    const [, payload] = parts(token);
    const { keys } = await issuer.jwks();
    const header = b64({ alg: 'HS256', kid: keys[0]?.kid, typ: 'JWT' });
    const secret = JSON.stringify(keys[0]);
    const mac = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    await expect(issuer.verify(`${header}.${payload}.${mac}`)).rejects.toThrow();
  });

  it('refuses another issuer and a token not yet valid, signed with our own key', async () => {
    const { issuer, store, clock } = await setup();
    const [key] = await store.keys();
    const sign = (build: (jwt: SignJWT) => SignJWT) =>
      build(new SignJWT({ tenant: 'ten_a' }).setProtectedHeader({ alg: 'ES256', kid: key!.kid }))
        .setSubject('usr_1')
        .setAudience(opts.audience)
        .setExpirationTime(Math.floor(clock.nowMs() / 1000) + 60)
        .sign(key!.privateKey);
    await expect(issuer.verify(await sign((j) => j.setIssuer('https://evil.example')))).rejects.toThrow();
    const later = Math.floor(clock.nowMs() / 1000) + 30;
    const ours = tenantIssuer(opts.issuer, 'ten_a');
    await expect(issuer.verify(await sign((j) => j.setIssuer(ours).setNotBefore(later)))).rejects.toThrow();
    // The shared base issuer and another tenant's issuer are not this tenant's.
    await expect(issuer.verify(await sign((j) => j.setIssuer(opts.issuer)))).rejects.toThrow();
    await expect(issuer.verify(await sign((j) => j.setIssuer(tenantIssuer(opts.issuer, 'ten_b'))))).rejects.toThrow();
    // The same construction with the tenant's issuer and no future nbf passes: the refusals above are for those claims.
    await expect(issuer.verify(await sign((j) => j.setIssuer(ours)))).resolves.toMatchObject({ sub: 'usr_1' });
  });
});
