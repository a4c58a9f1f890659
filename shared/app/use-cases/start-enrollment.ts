import { z } from 'zod';
import { newId } from '../../domain/ids.js';
import { normalizeUsername } from '../../domain/user.js';
import { blobKeys } from '../../ports/blob-store.js';
import { ConflictError } from '../../ports/repository-errors.js';
import { badRequest } from '../app-error.js';
import { parseDevicePublicKey } from '../possession/device-public-key.js';
import { registerPasskeyInput, verifyEnrollmentPasskey } from '../possession/enrollment-passkey.js';
import type { AppDeps } from '../app-deps.js';
import type { NewPasskey } from '../../domain/passkey.js';
import type { TenantRepositories } from '../../ports/repositories.js';
import type { ClientInfo, EnrollmentStarted, Principal, StartEnrollmentInput } from '../facegate-app.js';
import { enforceRateLimits } from './enforce-rate-limits.js';
import {
  assertDeviceKeyChange,
  enrollmentInProgress,
  ownershipInvalid,
  stillLive,
  tokenSubject,
  usernameTaken,
  type OwnershipProof,
} from './enrollment-ownership.js';

/** Image types a capture may be uploaded as, with the object extension each gets. */
export const UPLOAD_TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

const input = z.strictObject({
  username: z.string().min(1).max(128),
  displayName: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(254).optional(),
  password: z.string().optional(),
  contentType: z.enum(Object.keys(UPLOAD_TYPES) as [string, ...string[]]).optional(),
  deviceKey: z.unknown().optional(),
  passkey: registerPasskeyInput.optional(),
  /** Re-enrolling an active account with a client key: a FaceGate token issued to that account. */
  ownerToken: z.string().min(1).max(4096).optional(),
});

async function addPasskey(tx: TenantRepositories, userId: string, passkey: NewPasskey): Promise<void> {
  try {
    await tx.passkeys.add(userId, passkey);
  } catch (err) {
    if (err instanceof ConflictError) throw badRequest('invalid_passkey', 'This passkey is registered already');
    throw err;
  }
}

/**
 * Create (or reuse, when a previous attempt was not completed) a user and a pending enrollment, and hand back a
 * short-lived signed URL for the capture upload into the user's own folder. A user has one live enrollment at a
 * time, and an account that has been active is re-enrolled only with a proof of ownership
 * (./enrollment-ownership.ts).
 */
export async function startEnrollment(
  deps: AppDeps,
  principal: Principal,
  raw: StartEnrollmentInput,
  client?: ClientInfo,
): Promise<EnrollmentStarted> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) throw badRequest('invalid_request', 'Invalid enrollment request', parsed.error.issues);
  await enforceRateLimits(deps, principal, client);
  const body = parsed.data;
  const username = normalizeUsername(body.username);
  if (!username) throw badRequest('invalid_username', 'Username must be 1-128 visible characters without spaces');
  const contentType = body.contentType ?? 'image/jpeg';
  const repos = deps.repos.forTenant(principal.tenantId);
  const deviceKey = body.deviceKey === undefined ? undefined : parseDevicePublicKey(body.deviceKey);
  if (!deviceKey && !body.passkey && (await deps.repos.tenants.get(principal.tenantId))?.settings.requirePossession) {
    throw badRequest(
      'device_key_required',
      'This organization requires a passkey (passkey) with the enrollment (or, until clients move, a deviceKey)',
    );
  }
  // Checked (and its challenge spent) before anything is written: a bad passkey leaves no user behind.
  const passkey = body.passkey ? await verifyEnrollmentPasskey(deps, principal, body.passkey, client) : undefined;

  if (body.password !== undefined) {
    // Never used to log in, a stored hash was only something to steal (issue 12, finding 9): refuse it loudly.
    throw badRequest('password_not_supported', 'FaceGate does not take passwords: leave out "password"');
  }
  const ownerOf = body.ownerToken === undefined ? null : await tokenSubject(deps, principal, body.ownerToken);
  const { user, enrollment } = await repos.transaction(async (tx) => {
    let user = await tx.users.byUsername(username);
    let proof: OwnershipProof = null;
    let wasActive = false;
    if (user) {
      const previous = await tx.enrollments.listByUser(user.id);
      wasActive = previous.some((e) => e.status === 'active') || (await tx.templates.countByUser(user.id)) > 0;
      proof = principal.role === 'operator' ? 'operator' : ownerOf === user.id ? 'token' : null;
      if (ownerOf !== null && ownerOf !== user.id) throw ownershipInvalid();
      if (wasActive && !proof) throw usernameTaken(username);
      for (const e of previous.filter((e) => e.status === 'pending' || e.status === 'processing')) {
        if (stillLive(deps, e)) throw enrollmentInProgress(username);
        // Its upload URL has expired unused: close it, so nothing can still be embedded into it.
        await tx.enrollments.transition(e.id, ['pending'], 'rejected', { reason: 'superseded' });
      }
      assertDeviceKeyChange(principal, (await tx.deviceKeys.byUser(user.id))?.publicJwk ?? null, deviceKey, wasActive);
    } else {
      if (ownerOf !== null) throw ownershipInvalid();
      try {
        user = await tx.users.create({
          username,
          displayName: body.displayName ?? null,
          email: body.email ?? null,
        });
      } catch (err) {
        if (err instanceof ConflictError) throw enrollmentInProgress(username);
        throw err;
      }
    }
    let enrollment;
    try {
      enrollment = await tx.enrollments.create({ userId: user.id, captureId: newId('capture') });
    } catch (err) {
      // Another start for this user won the race for its live slot (unique in the database).
      if (err instanceof ConflictError && err.constraint === 'live_enrollment') throw enrollmentInProgress(username);
      throw err;
    }
    if (deviceKey) await tx.deviceKeys.put(user.id, deviceKey);
    if (passkey) await addPasskey(tx, user.id, passkey);
    await tx.auditEvents.add({
      action: 'enrollment.started',
      actor: principal.apiKeyId,
      subjectType: 'enrollment',
      subjectId: enrollment.id,
      ...(wasActive ? { details: { reenrollment: true, proof } } : {}),
    });
    return { user, enrollment };
  });

  const upload = await deps.blobs.createSignedUploadUrl({
    key: blobKeys.enrollCapture(principal.tenantId, user.id, enrollment.captureId, UPLOAD_TYPES[contentType]),
    contentType,
    maxBytes: deps.upload.maxBytes,
    expiresInSeconds: deps.upload.urlTtlSeconds,
  });
  return { enrollmentId: enrollment.id, userId: user.id, status: 'pending', upload };
}
