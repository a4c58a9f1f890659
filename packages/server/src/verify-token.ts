/**
 * For relying parties: checks a FaceGate token (from a granted verify, `result.token`) on your server. The tenant's
 * public keys are fetched from `<issuerBaseUrl>/t/<tenant>/.well-known/jwks.json` once and cached (jose refetches
 * when a token names a key it has not seen, so FaceGate's signing-key rotation needs nothing from you).
 */
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';

export interface VerifyFaceGateTokenOptions {
  /** Your tenant id: a token of another tenant is refused even for a user of the same name. */
  tenant: string;
  /** FaceGate's issuer (FACEGATE_JWT_ISSUER, by default its public URL), e.g. `https://facegate.example.com`. */
  issuerBaseUrl: string;
  /** The `aud` FaceGate puts in tokens (FACEGATE_JWT_AUDIENCE); default `facegate`. */
  audience?: string;
  /** Allowed clock difference in seconds; default 5. */
  clockToleranceSeconds?: number;
}

/** What a valid token says: who logged in, with which factors, how closely the face matched. */
export interface FaceGateClaims extends JWTPayload {
  /** The FaceGate user id. */
  sub: string;
  tenant: string;
  username: string;
  /** Authentication methods (RFC 8176), e.g. `['face']`. */
  amr: string[];
  score: number;
  model: string;
}

/** Why a token was refused: `code` is stable, `cause` holds jose's error. */
export class FaceGateTokenError extends Error {
  override readonly name = 'FaceGateTokenError';
  constructor(
    readonly code: 'expired' | 'invalid' | 'wrong_tenant' | 'jwks_unavailable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One key set per JWKS URL for the life of the process: the cache the relying party would otherwise write. */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** The issuer of a tenant's tokens (`<issuerBaseUrl>/t/<tenant>`). */
export function tenantIssuer(issuerBaseUrl: string, tenant: string): string {
  return `${issuerBaseUrl.replace(/\/+$/, '')}/t/${encodeURIComponent(tenant)}`;
}

/**
 * The token's claims when it is a valid FaceGate token of `tenant`: ES256, signed by a key of the tenant's JWKS,
 * issuer and audience right, not expired.
 * @throws FaceGateTokenError
 */
export async function verifyFaceGateToken(token: string, options: VerifyFaceGateTokenOptions): Promise<FaceGateClaims> {
  const issuer = tenantIssuer(options.issuerBaseUrl, options.tenant);
  // Only to name the refusal: a token that says it is another tenant's is refused before any key is fetched.
  if (claimedTenant(token) !== options.tenant) {
    throw new FaceGateTokenError('wrong_tenant', 'The token was issued for another tenant');
  }
  const jwksUrl = `${issuer}/.well-known/jwks.json`;
  let keySet = keySets.get(jwksUrl);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
    keySets.set(jwksUrl, keySet);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySet, {
      issuer,
      audience: options.audience ?? 'facegate',
      algorithms: ['ES256'],
      clockTolerance: options.clockToleranceSeconds ?? 5,
    }));
  } catch (error) {
    throw tokenError(error);
  }
  if (payload['tenant'] !== options.tenant)
    throw new FaceGateTokenError('wrong_tenant', 'The token is of another tenant');
  if (typeof payload.sub !== 'string' || typeof payload['username'] !== 'string' || !Array.isArray(payload['amr'])) {
    throw new FaceGateTokenError('invalid', 'The token lacks FaceGate claims');
  }
  return payload as FaceGateClaims;
}

function claimedTenant(token: string): unknown {
  try {
    return decodeJwt(token)['tenant'];
  } catch {
    return undefined;
  }
}

function tokenError(error: unknown): FaceGateTokenError {
  if (error instanceof errors.JWTExpired)
    return new FaceGateTokenError('expired', 'The token has expired', { cause: error });
  if (error instanceof errors.JWKSTimeout || (error instanceof errors.JOSEError && error.code === 'ERR_JWKS_INVALID')) {
    return new FaceGateTokenError('jwks_unavailable', 'The tenant’s public keys could not be read', { cause: error });
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') {
    return new FaceGateTokenError('wrong_tenant', 'The token was issued for another tenant', { cause: error });
  }
  if (error instanceof errors.JOSEError) {
    return new FaceGateTokenError('invalid', `The token is not valid: ${error.message}`, { cause: error });
  }
  // Network failures fetching the JWKS surface as plain errors from fetch.
  return new FaceGateTokenError('jwks_unavailable', 'The tenant’s public keys could not be read', { cause: error });
}
