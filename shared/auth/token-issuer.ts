/**
 * Short-lived ES256 access tokens for granted verifications. Relying systems check them against
 * `/.well-known/jwks.json` with any JOSE library; `kid` in the header names the key.
 */
import { SignJWT, createLocalJWKSet, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock.js';
import type { SigningKeyStore } from './signing-keys.js';

/** NIST SP 800-63B reauthentication aside, a login assertion should be used at once: 5 minutes at most. */
export const MAX_TOKEN_TTL_SECONDS = 300;

export interface TokenClaims extends JWTPayload {
  sub: string;
  tenant: string;
  username: string;
  /** Authentication method: face. */
  amr: string[];
  /** Similarity score of the match and the model that produced it, for audit on the relying side. */
  score: number;
  model: string;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
  jti: string;
}

export interface TokenIssuerOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeyStore,
    private readonly clock: Clock,
    private readonly options: TokenIssuerOptions,
  ) {
    if (options.ttlSeconds <= 0 || options.ttlSeconds > MAX_TOKEN_TTL_SECONDS) {
      throw new RangeError(`Token TTL must be 1..${MAX_TOKEN_TTL_SECONDS} s, got ${options.ttlSeconds}`);
    }
  }

  async issue(claims: {
    sub: string;
    tenant: string;
    username: string;
    score: number;
    model: string;
    /** Authentication methods (RFC 8176); default `['face']`. */
    amr?: string[];
  }): Promise<IssuedToken> {
    const [key] = await this.keys.keys();
    const now = Math.floor(this.clock.nowMs() / 1000);
    const jti = randomUUID();
    const exp = now + this.options.ttlSeconds;
    const token = await new SignJWT({
      tenant: claims.tenant,
      username: claims.username,
      amr: claims.amr ?? ['face'],
      score: claims.score,
      model: claims.model,
    })
      .setProtectedHeader({ alg: 'ES256', kid: key!.kid, typ: 'JWT' })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(claims.sub)
      .setJti(jti)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(exp)
      .sign(key!.privateKey);
    return { token, expiresAt: new Date(exp * 1000), jti };
  }

  /** The public keys, as served at /.well-known/jwks.json. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.keys.keys()).map((k) => k.publicJwk) };
  }

  /**
   * Verify a token as a relying party would (used by tests and the console): ES256 only, our issuer and audience,
   * not expired. Optionally require a tenant.
   */
  async verify(token: string, expect: { tenant?: string } = {}): Promise<TokenClaims> {
    const jwks = createLocalJWKSet(await this.jwks());
    const { payload } = await jwtVerify(token, jwks, {
      issuer: this.options.issuer,
      audience: this.options.audience,
      algorithms: ['ES256'],
      currentDate: this.clock.now(),
    });
    if (expect.tenant !== undefined && payload['tenant'] !== expect.tenant)
      throw new Error('Token belongs to another tenant');
    return payload as TokenClaims;
  }
}
