/**
 * What a client key learns from a verify or identify denial. Every end user's browser holds the client key, so a
 * denial must not tell whether the username exists (`unknown_user` vs `no_match`, `not_enrolled`, `locked_out`,
 * a `userId`) nor how close the face came (a score or threshold to hill-climb a synthesised face against). A client
 * sees the reasons that depend only on the capture, the request and the tenant's settings; every reason that
 * depends on the account becomes `not_verified`, and a locked account is answered like any other such denial, not
 * with 429. The precise reason and score stay in the attempt, for operators (operator keys get them too). The use
 * case analyses the capture for every username first (verify-face.ts), so the answer also takes as long.
 */
import { AppError } from '../app/app-error.js';
import type { IdentifyResult, Principal, VerifyResult } from '../app/facegate-app.js';
import { captureRejectionCodes } from '../events/common.js';

/** The one reason a client key gets for every verify denial that depends on the account. */
export const NOT_VERIFIED = 'not_verified';

/** Reasons that depend on the capture, or on the request and the tenant's settings, never on the account. */
const ACCOUNT_BLIND_REASONS: ReadonlySet<string> = new Set([
  ...captureRejectionCodes,
  'possession_required',
  'challenge_required',
  // The burst is judged before the account is looked up (verify-face.ts), on the frames alone.
  'burst_required',
  'burst_unusable',
  'replayed_frames',
  'flat_presentation',
]);

/** A denial as a client key sees it. */
export interface ClientDenial {
  decision: 'denied';
  reason: string;
  clientView: true;
}

/** True for a denial already shaped for a client key. */
export function isClientDenial(result: object): result is ClientDenial {
  return 'clientView' in result;
}

/** True when `principal` is a client key (end users' browsers and kiosks), whose denials are shaped here. */
export function seesClientDecision(principal: Pick<Principal, 'role'>): boolean {
  return principal.role === 'client';
}

/** A verify answer as a client key may see it: a denial keeps only its decision and an account-blind reason. */
export function clientVerifyResult(result: VerifyResult): VerifyResult | ClientDenial {
  if (result.decision === 'granted') return result;
  return { decision: 'denied', reason: blind(result.reason, NOT_VERIFIED), clientView: true };
}

/** An identify answer as a client key may see it: a denial names no user, no score and no near miss. */
export function clientIdentifyResult(result: IdentifyResult): IdentifyResult | ClientDenial {
  if (result.decision === 'granted') return result;
  return { decision: 'denied', reason: blind(result.reason, 'no_match'), clientView: true };
}

/**
 * Runs a client key's verify: the 429 `locked_out` of a locked account becomes the denial an unknown user gets.
 * Any other error passes through.
 */
export async function clientVerify(run: () => Promise<VerifyResult>): Promise<VerifyResult | ClientDenial> {
  try {
    return clientVerifyResult(await run());
  } catch (error) {
    if (error instanceof AppError && error.code === 'locked_out') {
      return { decision: 'denied', reason: NOT_VERIFIED, clientView: true };
    }
    throw error;
  }
}

function blind(reason: string | undefined, otherwise: string): string {
  return reason && ACCOUNT_BLIND_REASONS.has(reason) ? reason : otherwise;
}
