/**
 * Short-lived ES256 access tokens for granted verifications. Relying systems check them against
 * `/t/<tenantId>/.well-known/jwks.json` (or `/.well-known/jwks.json`: the same keys) with any JOSE library; `kid`
 * in the header names the key. Every tenant shares the signing keys, so the issuer is per tenant
 * (`<FACEGATE_JWT_ISSUER>/t/<tenantId>`): the `iss` check a relying party already makes refuses another tenant's
 * token for a user of the same name.
 */
import { SignJWT, createLocalJWKSet, decodeJwt, jwtVerify, type JWK, type JWTPayload } from 'jose';
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

/** The `iss` of a tenant's tokens: the configured issuer with `/t/<tenantId>` appended. */
export function tenantIssuer(issuer: string, tenantId: string): string {
  return `${issuer.replace(/\/+$/, '')}/t/${encodeURIComponent(tenantId)}`;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
  jti: string;
}

export interface TokenIssuerOptions {
  /** The base issuer (FACEGATE_JWT_ISSUER); each tenant's tokens carry `tenantIssuer(issuer, tenantId)`. */
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
      .setIssuer(tenantIssuer(this.options.issuer, claims.tenant))
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
   * Verify a token as a relying party would (used by tests and the console): ES256 only, the tenant's issuer and
   * our audience, not expired. Without `expect.tenant`, the tenant the token names, whose issuer it must carry.
   */
  async verify(token: string, expect: { tenant?: string } = {}): Promise<TokenClaims> {
    const jwks = createLocalJWKSet(await this.jwks());
    const named = expect.tenant ?? claimedTenant(token);
    const { payload } = await jwtVerify(token, jwks, {
      issuer: tenantIssuer(this.options.issuer, named),
      audience: this.options.audience,
      algorithms: ['ES256'],
      currentDate: this.clock.now(),
    });
    if (expect.tenant !== undefined && payload['tenant'] !== expect.tenant)
      throw new Error('Token belongs to another tenant');
    return payload as TokenClaims;
  }
}

/** The `tenant` claim of a token not yet verified (only to pick the issuer it must then carry). */
function claimedTenant(token: string): string {
  let tenant: unknown;
  try {
    tenant = decodeJwt(token)['tenant'];
  } catch {
    tenant = undefined;
  }
  if (typeof tenant !== 'string') throw new Error('Token names no tenant');
  return tenant;
}
