/**
 * Who may start an enrollment of an existing username (issue 12, finding 1). Every end user's browser holds the
 * tenant's client key, so the key alone proves nothing about the account: re-enrolling an account that has
 * been active needs a proof its owner holds, either a FaceGate token issued to that very user (they just logged
 * in) or an operator key (support re-enrolls a person who lost access). A username with a live enrollment is
 * refused to everyone until that enrollment finishes or its upload URL expires.
 */
import type { DevicePublicJwk } from '../../domain/device-key.js';
import type { Enrollment } from '../../domain/enrollment.js';
import { AppError, conflict } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { Principal } from '../facegate-app.js';

/** The part of the app's dependencies this module's steps use. */
export type EnrollmentOwnershipDeps = Pick<AppDeps, 'clock' | 'tokens' | 'upload'>;

/** How a start of an already-known username was authorised. */
export type OwnershipProof = 'operator' | 'token' | null;

/** The user id a valid `ownerToken` was issued to, or a 403 `ownership_proof_invalid`. */
export async function tokenSubject(
  deps: EnrollmentOwnershipDeps,
  principal: Principal,
  token: string,
): Promise<string> {
  try {
    const claims = await deps.tokens.verify(token, { tenant: principal.tenantId });
    if (typeof claims.sub === 'string' && claims.sub !== '') return claims.sub;
  } catch {
    // Any verification failure is the same refusal: no detail for someone probing with forged tokens.
  }
  throw ownershipInvalid();
}

export const ownershipInvalid = () =>
  new AppError(403, 'ownership_proof_invalid', 'ownerToken is not a valid FaceGate token of this account');

/** True while an enrollment holds the user's live slot: pending with a usable upload URL, or processing. */
export function stillLive(deps: EnrollmentOwnershipDeps, enrollment: Enrollment): boolean {
  if (enrollment.status === 'processing') return true;
  if (enrollment.status !== 'pending') return false;
  return deps.clock.nowMs() < enrollment.createdAt + deps.upload.urlTtlSeconds * 1000;
}

export const enrollmentInProgress = (username: string) =>
  conflict('enrollment_in_progress', `An enrollment of "${username}" is already in progress; try again later`);

export const usernameTaken = (username: string) =>
  conflict(
    'username_taken',
    `Username "${username}" is already enrolled; re-enrolling it needs ownerToken (a FaceGate token of this account) or an operator`,
  );

/**
 * The device key a client-key start may register: any key when the account has none or was never active (nobody
 * owns it yet), the same key again otherwise. Only an operator replaces the key of an active account.
 */
export function assertDeviceKeyChange(
  principal: Principal,
  registered: DevicePublicJwk | null,
  requested: DevicePublicJwk | undefined,
  wasActive: boolean,
): void {
  if (!requested || !registered || !wasActive || principal.role === 'operator') return;
  if (registered.x === requested.x && registered.y === requested.y) return;
  throw conflict(
    'device_key_registered',
    'This account already has a device key; only an operator can replace it (a lost device)',
  );
}
