import { describe, expect, it } from 'vitest';
import { SignJWT, decodeProtectedHeader, importJWK } from 'jose';
import { FakeClock } from '../ports/clock.js';
import { JwkSigningKeyStore, deployedSigningKeyStore, generateSigningJwk, type StoredKeys } from './signing-keys.js';
import { TokenIssuer, tenantIssuer } from './token-issuer.js';

function memoryStore(initial: StoredKeys | null = null) {
  let stored = initial;
  return new JwkSigningKeyStore(
    () => Promise.resolve(stored),
    (k) => {
      stored = k;
      return Promise.resolve();
    },
  );
}

const opts = { issuer: 'https://facegate.test', audience: 'facegate-clients', ttlSeconds: 120 };
const claims = { sub: 'usr_1', tenant: 'ten_a', username: 'ada', score: 0.71, model: 'frn128-flip-v1' };

describe('TokenIssuer', () => {
  it('issues an ES256 JWT with kid, iss, aud, sub, tenant, jti and a short exp, verifiable from the JWKS', async () => {
    const clock = new FakeClock();
    const issuer = new TokenIssuer(memoryStore(), clock, opts);
    const { token, expiresAt } = await issuer.issue(claims);
    const header = decodeProtectedHeader(token);
    expect(header.alg).toBe('ES256');
    const { keys } = await issuer.jwks();
    expect(header.kid).toBe(keys[0]!.kid);
    expect(keys[0]).not.toHaveProperty('d');
    const payload = await issuer.verify(token, { tenant: 'ten_a' });
    expect(payload).toMatchObject({
      iss: 'https://facegate.test/t/ten_a',
      aud: opts.audience,
      sub: 'usr_1',
      tenant: 'ten_a',
      amr: ['face'],
    });
    expect(payload.jti).toMatch(/[0-9a-f-]{36}/);
    expect(payload.exp! - payload.iat!).toBe(120);
    expect(expiresAt.getTime()).toBe(clock.nowMs() + 120_000);
  });

  it('builds the tenant issuer from the configured one, with or without a trailing slash', () => {
    expect(tenantIssuer('https://facegate.test/', 'ten_a')).toBe('https://facegate.test/t/ten_a');
    expect(tenantIssuer('https://facegate.test/base', 'ten a')).toBe('https://facegate.test/base/t/ten%20a');
  });

  it('refuses TTLs over five minutes', () => {
    expect(() => new TokenIssuer(memoryStore(), new FakeClock(), { ...opts, ttlSeconds: 301 })).toThrow(RangeError);
  });

  it('rejects expired, other-tenant, other-audience, alg none and unknown-kid tokens', async () => {
    const clock = new FakeClock();
    const issuer = new TokenIssuer(memoryStore(), clock, opts);
    const { token } = await issuer.issue(claims);
    await expect(issuer.verify(token, { tenant: 'ten_b' })).rejects.toThrow(/"iss" claim/);
    const other = new TokenIssuer(memoryStore(), clock, { ...opts, audience: 'someone-else' });
    const foreign = (await other.issue(claims)).token;
    await expect(issuer.verify(foreign)).rejects.toThrow();
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${token.split('.')[1]}.`;
    await expect(issuer.verify(unsigned)).rejects.toThrow();
    const strangerKey = await generateSigningJwk();
    const forged = await new SignJWT({ tenant: 'ten_a' })
      .setProtectedHeader({ alg: 'ES256', kid: (await issuer.jwks()).keys[0]!.kid! })
      .setIssuer(tenantIssuer(opts.issuer, 'ten_a'))
      .setAudience(opts.audience)
      .setSubject('usr_1')
      .setExpirationTime('2m')
      .sign(await importJWK(strangerKey, 'ES256'));
    await expect(issuer.verify(forged)).rejects.toThrow();
    clock.advance(121_000);
    await expect(issuer.verify(token)).rejects.toThrow(/exp/);
  });

  it('keeps tokens signed before a rotation valid and signs new ones with the new key', async () => {
    const clock = new FakeClock();
    const store = memoryStore();
    const issuer = new TokenIssuer(store, clock, opts);
    const before = await issuer.issue(claims);
    const oldKid = decodeProtectedHeader(before.token).kid;
    await store.rotate();
    const after = await issuer.issue(claims);
    expect(decodeProtectedHeader(after.token).kid).not.toBe(oldKid);
    expect((await issuer.jwks()).keys.map((k) => k.kid)).toContain(oldKid);
    await expect(issuer.verify(before.token)).resolves.toMatchObject({ sub: 'usr_1' });
    await store.rotate();
    // Two rotations later the first key is no longer published.
    await expect(issuer.verify(before.token)).rejects.toThrow();
  });

  it('signs with the newest deployed key on every instance and publishes both keys; never rotates them', async () => {
    const deployed = [await generateSigningJwk(), await generateSigningJwk()];
    const [one, two] = [0, 1].map(() => new TokenIssuer(deployedSigningKeyStore(deployed), new FakeClock(), opts));
    const { token } = await one!.issue(claims);
    expect(decodeProtectedHeader(token).kid).toBe(deployed[0]!.kid);
    await expect(two!.verify(token, { tenant: 'ten_a' })).resolves.toMatchObject({ sub: 'usr_1' });
    expect((await two!.jwks()).keys.map((k) => k.kid)).toEqual(deployed.map((k) => k.kid));
    await expect(deployedSigningKeyStore(deployed).rotate()).rejects.toThrow(/secret version/);
  });
});
