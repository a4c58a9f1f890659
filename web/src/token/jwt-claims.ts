/**
 * Reads an access token's header and claims for display. This is not verification (see token-signature.ts);
 * it only makes the token the server just issued legible.
 */

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Uint8Array<ArrayBuffer>;
}

export class MalformedTokenError extends Error {
  override readonly name = 'MalformedTokenError';
}

export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new MalformedTokenError('A JWT has three dot-separated parts');
  const [header, claims, signature] = parts as [string, string, string];
  return {
    header: parseObject(header, 'header'),
    claims: parseObject(claims, 'claims'),
    signingInput: `${header}.${claims}`,
    signature: base64UrlBytes(signature),
  };
}

/** Standard time claims in seconds since the epoch. */
const TIME_CLAIMS = new Set(['iat', 'exp', 'nbf', 'auth_time']);

/** Claims as label/value rows, times as ISO strings, the well-known ones first. */
export function claimRows(claims: Record<string, unknown>): { name: string; value: string }[] {
  const order = ['sub', 'username', 'tenant', 'iss', 'aud', 'iat', 'exp', 'jti'];
  const names = Object.keys(claims).sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  return names.map((name) => ({ name, value: formatClaim(name, claims[name]) }));
}

function formatClaim(name: string, value: unknown): string {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') return `${new Date(value * 1000).toISOString()} (${value})`;
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(4);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function rank(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i === -1 ? order.length : i;
}

function parseObject(part: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(base64UrlBytes(part)));
  } catch {
    throw new MalformedTokenError(`The token's ${what} is not base64url JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedTokenError(`The token's ${what} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

export function base64UrlBytes(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new MalformedTokenError('Not base64url');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
