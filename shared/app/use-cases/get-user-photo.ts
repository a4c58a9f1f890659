import type { AppDeps } from '../app-deps.js';
import { notFound } from '../app-error.js';
import { readCapture } from '../capture-at-rest.js';
import type { Principal, UserPhoto } from '../facegate-app.js';
import { requireOperator } from './require-operator.js';

/**
 * An enrollment photo of a user, opened, for the operator's user page. Biometric data leaves the store here, so
 * every view is audited with the key that asked.
 */
export async function getUserPhoto(
  deps: Pick<AppDeps, 'blobs' | 'cipher' | 'repos'>,
  principal: Principal,
  userId: string,
  captureId: string,
): Promise<UserPhoto> {
  requireOperator(principal);
  if (userId.length > 64 || captureId.length > 64) throw notFound('Photo');
  const repos = deps.repos.forTenant(principal.tenantId);
  const capture = await repos.captures.get(captureId);
  if (!capture || capture.userId !== userId || capture.kind !== 'enroll') throw notFound('Photo');
  const bytes = await readCapture(deps.blobs, deps.cipher, principal.tenantId, capture);
  if (!bytes) throw notFound('Photo');
  await repos.auditEvents.add({
    action: 'capture.viewed',
    actor: principal.apiKeyId,
    subjectType: 'capture',
    subjectId: capture.id,
    details: { userId },
  });
  return { contentType: capture.contentType, bytes };
}
