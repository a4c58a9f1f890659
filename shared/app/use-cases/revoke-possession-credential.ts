/**
 * An operator cuts off a lost or stolen device: one of a user's passkeys, or their older device key, stops proving
 * anything at the next login. Audited like the other operator actions on a user (`passkey.revoked`,
 * `device_key.revoked`, with the user as subject so the record goes with the person when they are erased).
 *
 * Revoking a passkey also removes the account's device key, if it still has one: that key was superseded the day
 * the account got a passkey (check-possession.ts), and without this, revoking the last passkey would bring the old
 * key — perhaps on the very phone being cut off — back to life.
 *
 * Either revocation also signs the person out of the tenant's OpenID Provider: a session on the lost phone would
 * otherwise keep signing them in to relying parties silently, with no face and no credential asked.
 */
import { ID_MAX_LENGTH } from '../../domain/ids.js';
import { notFound } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { Principal } from '../facegate-app.js';
import { requireOperator } from './require-operator.js';

type Deps = Pick<AppDeps, 'repos'>;

/** @throws AppError 404 when the tenant has no such user or the user no such passkey (another tenant's: the same). */
export async function revokePasskey(
  deps: Deps,
  principal: Principal,
  userId: string,
  passkeyId: string,
): Promise<void> {
  requireOperator(principal);
  if (passkeyId.length > ID_MAX_LENGTH) throw notFound('Passkey');
  await deps.repos.forTenant(principal.tenantId).transaction(async (tx) => {
    if (!(await tx.passkeys.delete(userId, passkeyId))) throw notFound('Passkey');
    const superseded = await tx.deviceKeys.byUser(userId);
    if (superseded) await tx.deviceKeys.delete(userId, superseded.id);
    await tx.users.endOidcSessions(userId);
    await tx.auditEvents.add({
      action: 'passkey.revoked',
      actor: principal.apiKeyId,
      subjectType: 'user',
      subjectId: userId,
      details: { passkeyId, ...(superseded ? { supersededDeviceKeyId: superseded.id } : {}) },
    });
  });
}

/** @throws AppError 404 when the tenant has no such user or the user no such device key. */
export async function revokeDeviceKey(
  deps: Deps,
  principal: Principal,
  userId: string,
  deviceKeyId: string,
): Promise<void> {
  requireOperator(principal);
  if (deviceKeyId.length > ID_MAX_LENGTH) throw notFound('Device key');
  await deps.repos.forTenant(principal.tenantId).transaction(async (tx) => {
    if (!(await tx.deviceKeys.delete(userId, deviceKeyId))) throw notFound('Device key');
    await tx.users.endOidcSessions(userId);
    await tx.auditEvents.add({
      action: 'device_key.revoked',
      actor: principal.apiKeyId,
      subjectType: 'user',
      subjectId: userId,
      details: { deviceKeyId },
    });
  });
}
