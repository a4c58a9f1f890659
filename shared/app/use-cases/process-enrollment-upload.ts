/**
 * The embed step, run when a capture lands in the bucket: validate, analyse, gate on quality, refuse a face that
 * is already enrolled for someone else, store the encrypted template and activate the enrollment.
 *
 * Delivery is at-least-once. The enrollment's compare-and-set from `pending` to `processing` lets exactly one
 * delivery do the work; later deliveries of the same object find it taken or finished and return. A failure that
 * a retry could fix puts the enrollment back to `pending` and rethrows, so the event is redelivered.
 */
import { ImageError } from '../../face/errors.js';
import type { EnrollmentRejectionReason } from '../../events/enrollment-rejected.js';
import { parseEnrollCaptureKey } from '../../ports/blob-store.js';
import type { TenantRepositories } from '../../ports/repositories.js';
import type { Enrollment } from '../../domain/enrollment.js';
import type { AppDeps } from '../app-deps.js';
import type { ObjectFinalized } from '../facegate-app.js';
import { qualityFeatures } from '../quality-features.js';
import { publishEvent } from './publish-event.js';
import { UPLOAD_TYPES } from './start-enrollment.js';

class Rejection extends Error {
  constructor(
    readonly reason: EnrollmentRejectionReason,
    message: string,
    readonly quality?: Record<string, number>,
  ) {
    super(message);
  }
}

export async function processEnrollmentUpload(deps: AppDeps, event: ObjectFinalized): Promise<void> {
  const key = parseEnrollCaptureKey(event.name);
  if (!key) {
    deps.log.log('INFO', 'embed: ignoring object outside enrollment folders', { object: event.name });
    return;
  }
  const repos = deps.repos.forTenant(key.tenantId);
  const enrollment = await repos.enrollments.byCaptureId(key.captureId);
  if (!enrollment || enrollment.userId !== key.userId) {
    deps.log.log('WARNING', 'embed: no enrollment for this upload; deleting it', { object: event.name });
    await deps.blobs.delete(event.name);
    return;
  }
  const claimed = await repos.enrollments.transition(enrollment.id, ['pending'], 'processing');
  if (!claimed) {
    deps.log.log('INFO', 'embed: enrollment already taken or finished (redelivery)', {
      enrollmentId: enrollment.id,
      status: enrollment.status,
    });
    return;
  }
  const started = deps.clock.nowMs();
  try {
    await embedCapture(deps, repos, claimed, event);
  } catch (err) {
    if (err instanceof Rejection) {
      await reject(deps, repos, claimed, err, event.name);
      return;
    }
    // Not the capture's fault: let the event be redelivered.
    await repos.enrollments.transition(claimed.id, ['processing'], 'pending');
    deps.log.log('ERROR', 'embed: transient failure, will be retried', {
      enrollmentId: claimed.id,
      error: String(err),
    });
    throw err;
  } finally {
    deps.log.log('DEBUG', 'embed: done', { enrollmentId: claimed.id, ms: deps.clock.nowMs() - started });
  }
}

async function embedCapture(
  deps: AppDeps,
  repos: TenantRepositories,
  enrollment: Enrollment,
  event: ObjectFinalized,
): Promise<void> {
  const contentType = event.contentType ?? '';
  if (!(contentType in UPLOAD_TYPES))
    throw new Rejection('unsupported_content_type', `Content type "${contentType}" is not an accepted image type`);
  if (event.size > deps.upload.maxBytes)
    throw new Rejection('upload_too_large', `Upload of ${event.size} bytes exceeds ${deps.upload.maxBytes}`);
  const bytes = await deps.blobs.get(event.name);
  if (!bytes) throw new Rejection('upload_missing', 'The uploaded object no longer exists');

  await repos.captures.create({
    id: enrollment.captureId,
    userId: enrollment.userId,
    kind: 'enroll',
    blobPath: event.name,
    generation: event.generation,
    contentType,
    sizeBytes: bytes.length,
  });

  let analysis;
  try {
    analysis = await deps.engine.analyze(bytes);
  } catch (err) {
    if (err instanceof ImageError) throw new Rejection(err.code, err.message);
    throw err;
  }
  const primary = analysis.primary;
  if (!primary?.embedding) throw new Rejection('no_face', 'No face was found in the photo');
  const quality = qualityFeatures(primary.quality);
  await repos.captures.setQuality(enrollment.captureId, quality);
  const failure = primary.quality.failures[0];
  if (failure)
    throw new Rejection(failure, `The photo failed the quality check: ${primary.quality.failures.join(', ')}`, quality);

  const matrix = await deps.index.matrix(repos.tenantId, deps.engine.modelVersion, deps.engine.dims);
  const nearest = matrix.search(primary.embedding, deps.engine.metric, 1, enrollment.userId).hits[0];
  if (nearest && nearest.score >= deps.match.threshold) {
    throw new Rejection('duplicate_face', 'This face is already enrolled for another user', quality);
  }

  const { value: template } = await repos.templates.add({
    userId: enrollment.userId,
    enrollmentId: enrollment.id,
    captureId: enrollment.captureId,
    modelVersion: deps.engine.modelVersion,
    embedding: primary.embedding,
    qualityScore: primary.quality.detectionScore,
  });
  await repos.enrollments.transition(enrollment.id, ['processing'], 'active', { quality });
  deps.index.invalidate(repos.tenantId);
  await publishEvent(deps, 'face.enrolled.v1', {
    tenantId: repos.tenantId,
    enrollmentId: enrollment.id,
    userId: enrollment.userId,
    captureId: enrollment.captureId,
    templateId: template.id,
    modelVersion: deps.engine.modelVersion,
    dims: deps.engine.dims,
    quality,
  });
  await publishEvent(deps, 'capture.observed.v1', {
    tenantId: repos.tenantId,
    captureId: enrollment.captureId,
    kind: 'enroll',
    modelVersion: deps.engine.modelVersion,
    quality,
    outcome: 'accepted',
    latencyMs: analysis.timings.total,
  });
}

async function reject(
  deps: AppDeps,
  repos: TenantRepositories,
  enrollment: Enrollment,
  r: Rejection,
  objectName: string,
): Promise<void> {
  await repos.enrollments.transition(enrollment.id, ['processing'], 'rejected', {
    reason: r.reason,
    quality: r.quality ?? null,
  });
  // A refused capture has no further use: do not keep the photo.
  await repos.captures.delete(enrollment.captureId);
  await deps.blobs.delete(objectName);
  await repos.auditEvents.add({
    action: 'enrollment.rejected',
    actor: 'embed',
    subjectType: 'enrollment',
    subjectId: enrollment.id,
    details: { reason: r.reason },
  });
  await publishEvent(deps, 'enrollment.rejected.v1', {
    tenantId: repos.tenantId,
    enrollmentId: enrollment.id,
    userId: enrollment.userId,
    captureId: enrollment.captureId,
    reason: r.reason,
    message: r.message.slice(0, 500),
    modelVersion: deps.engine.modelVersion,
    ...(r.quality ? { quality: r.quality } : {}),
  });
  if (r.quality) {
    await publishEvent(deps, 'capture.observed.v1', {
      tenantId: repos.tenantId,
      captureId: enrollment.captureId,
      kind: 'enroll',
      modelVersion: deps.engine.modelVersion,
      quality: r.quality,
      outcome: 'rejected',
    });
  }
}
