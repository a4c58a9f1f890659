/**
 * What an OpenID Provider login says about how the person authenticated: `amr` values from RFC 8176 (taken from
 * the FaceGate verification token, which already lists them) and an `acr` naming the assurance class.
 */

/** The face alone (one factor). */
export const ACR_FACE = 'urn:facegate:acr:face';
/** The face and a possessed key (two factors: `mfa` in `amr`). */
export const ACR_FACE_AND_KEY = 'urn:facegate:acr:face+key';
export const ACR_VALUES = [ACR_FACE, ACR_FACE_AND_KEY] as const;

/** RFC 8176 values a FaceGate login may report. */
const KNOWN_AMR = new Set(['face', 'hwk', 'swk', 'pop', 'user', 'mfa']);

export interface AuthenticationContext {
  acr: string;
  amr: string[];
}

/** The context of a granted verification, from the `amr` of the token it issued. */
export function authenticationContext(tokenAmr: unknown): AuthenticationContext {
  const amr = Array.isArray(tokenAmr)
    ? tokenAmr.filter((v): v is string => typeof v === 'string' && KNOWN_AMR.has(v))
    : [];
  if (!amr.includes('face')) amr.unshift('face');
  const keyed = amr.some((v) => v === 'hwk' || v === 'swk' || v === 'pop');
  if (keyed && !amr.includes('mfa')) amr.push('mfa');
  return { acr: keyed ? ACR_FACE_AND_KEY : ACR_FACE, amr };
}
