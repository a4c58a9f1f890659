import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedTokenError, claimRows, decodeJwt } from './jwt-claims.js';
import { checkSignature } from './token-signature.js';

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** An ES256 JWT signed with a fresh key, as the service issues them, plus the matching JWKS. */
function issue(claims: Record<string, unknown>) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const header = b64url(JSON.stringify({ alg: 'ES256', kid: 'k1', typ: 'JWT' }));
  const payload = b64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' };
  return { token: `${header}.${payload}.${b64url(signature)}`, jwks: { keys: [jwk as JsonWebKey] } };
}

describe('decodeJwt and claimRows', () => {
  it('decodes claims and lists the well-known ones first, with readable times', () => {
    const { token } = issue({
      jti: 'j1',
      zeta: 1,
      sub: 'usr_1',
      exp: 1_700_000_300,
      iat: 1_700_000_000,
      score: 0.61234,
    });
    const rows = claimRows(decodeJwt(token).claims);
    expect(rows.map((r) => r.name)).toEqual(['sub', 'iat', 'exp', 'jti', 'score', 'zeta']);
    expect(rows[1]!.value).toBe('2023-11-14T22:13:20.000Z (1700000000)');
    expect(rows.find((r) => r.name === 'score')!.value).toBe('0.6123');
  });

  it('refuses malformed tokens with a typed error', () => {
    expect(() => decodeJwt('a.b')).toThrow(MalformedTokenError);
    expect(() => decodeJwt('!!.e30.x')).toThrow(MalformedTokenError);
    expect(() => decodeJwt(`${b64url('[1]')}.${b64url('{}')}.x`)).toThrow(/header is not a JSON object/);
  });
});

describe('checkSignature', () => {
  it('accepts a token signed by a published key and rejects a tampered one', async () => {
    const { token, jwks } = issue({ sub: 'usr_1' });
    expect(await checkSignature(decodeJwt(token), jwks)).toEqual({ valid: true, kid: 'k1' });

    const [h, , s] = token.split('.');
    const forged = `${h}.${b64url(JSON.stringify({ sub: 'usr_2' }))}.${s}`;
    expect(await checkSignature(decodeJwt(forged), jwks)).toEqual({
      valid: false,
      why: 'the signature does not match',
    });
  });

  it('rejects a token whose key is not published', async () => {
    const { token } = issue({ sub: 'usr_1' });
    const other = issue({});
    const jwks = { keys: other.jwks.keys.map((k) => ({ ...k, kid: 'k2' })) };
    expect(await checkSignature(decodeJwt(token), jwks)).toMatchObject({ valid: false });
  });
});
