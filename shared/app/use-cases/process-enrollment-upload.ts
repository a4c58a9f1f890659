/**
 * The embed step, run when a capture lands in the bucket: validate, analyse, gate on quality, refuse a face that
 * is already enrolled for someone else, store the encrypted template and activate the enrollment.
 *
 * Delivery is at-least-once. The enrollment's compare-and-set from `pending` to `processing` lets exactly one
 * delivery do the work; later deliveries of the same object find it finished and return, or find it being worked
 * on and fail with 503 so they are redelivered later. A failure that a retry could fix puts the enrollment back to
 * `pending` and rethrows, so the event is redelivered. A run killed mid-work (instance lost, timeout) hands nothing
 * back: its claim goes stale, and the next delivery after CLAIM_LEASE_MS takes it over.
 */
import { AppError } from '../app-error.js';
import { ImageError } from '../../face/errors.js';
import type { EnrollmentRejectionReason } from '../../events/enrollment-rejected.js';
import { parseEnrollCaptureKey } from '../../ports/blob-store.js';
import type { TenantRepositories } from '../../ports/repositories.js';
import type { Enrollment } from '../../domain/enrollment.js';
import type { AppDeps } from '../app-deps.js';
import type { ObjectFinalized } from '../facegate-app.js';
import { sealCapture } from '../capture-at-rest.js';
import { qualityFeatures } from '../quality-features.js';
import { publishEvent } from './publish-event.js';
import { raiseAlert } from './raise-alert.js';
import { UPLOAD_TYPES } from './start-enrollment.js';
import { tenantModel, type ModelChoice, type TenantModel } from './tenant-model.js';

/** The part of the app's dependencies this module's steps use. */
export type ProcessEnrollmentUploadDeps = Pick<
  AppDeps,
  | 'blobs'
  | 'bus'
  | 'cipher'
  | 'clock'
  | 'engines'
  | 'index'
  | 'log'
  | 'match'
  | 'repos'
  | 'security'
  | 'thresholds'
  | 'upload'
>;

/**
 * How long a `processing` claim is trusted: the embed function's timeout (120 s, infra/components/embed-function.ts)
 * and a margin. No live run is older; Pub/Sub redelivers a killed run's message only after its ack deadline (as
 * long as the timeout) and a backoff, so that redelivery finds the claim stale and takes it over.
 */
export const CLAIM_LEASE_MS = 150_000;

/** The code of the 503 a delivery gets while another run holds its enrollment. */
export const ENROLLMENT_IN_PROGRESS = 'enrollment_in_progress';

class Rejection extends Error {
  constructor(
    readonly reason: EnrollmentRejectionReason,
    message: string,
    readonly quality?: Record<string, number>,
    /** What the security alert of a suspicious rejection needs to say. */
    readonly evidence: { livenessScore?: number; relatedUserId?: string } = {},
  ) {
    super(message);
  }
}

export async function processEnrollmentUpload(
  deps: ProcessEnrollmentUploadDeps,
  event: ObjectFinalized,
): Promise<void> {
  const key = parseEnrollCaptureKey(event.name);
  if (!key) {
    deps.log.info('embed: ignoring object outside enrollment folders', { object: event.name });
    return;
  }
  const repos = deps.repos.forTenant(key.tenantId);
  const enrollment = await repos.enrollments.byCaptureId(key.captureId);
  if (!enrollment || enrollment.userId !== key.userId) {
    deps.log.warn('embed: no enrollment for this upload; deleting it', { object: event.name });
    await deps.blobs.delete(event.name);
    return;
  }
  if (enrollment.status !== 'pending' && enrollment.status !== 'processing') {
    await dropUnwanted(deps, repos, enrollment, event);
    return;
  }
  const staleBefore = deps.clock.nowMs() - CLAIM_LEASE_MS;
  if (enrollment.status === 'processing' && enrollment.updatedAt >= staleBefore) throw inProgress(enrollment);
  // Only the generation the event names: a stale or forged notification, or an object replaced since, is not it.
  const bytes = await deps.blobs.get(event.name, { generation: event.generation });
  if (!bytes) {
    deps.log.warn('embed: the named object generation is not there; ignoring the event', {
      object: event.name,
      generation: event.generation,
    });
    return;
  }
  const claimed =
    enrollment.status === 'pending'
      ? await repos.enrollments.transition(enrollment.id, ['pending'], 'processing')
      : await repos.enrollments.reclaimStale(enrollment.id, staleBefore);
  if (!claimed) {
    const now = await repos.enrollments.get(enrollment.id);
    // Another delivery claimed it between our read and our claim: let this one come back when that run is done.
    if (now?.status === 'processing') throw inProgress(now);
    deps.log.info('embed: enrollment already finished (redelivery)', {
      enrollmentId: enrollment.id,
      status: now?.status ?? 'deleted',
    });
    return;
  }
  if (enrollment.status === 'processing')
    deps.log.warn('embed: took over a stale claim (an earlier run died mid-work)', {
      enrollmentId: enrollment.id,
      claimedAt: enrollment.updatedAt,
    });
  const started = deps.clock.nowMs();
  let model: TenantModel | undefined;
  try {
    model = await tenantModel(deps, key.tenantId);
    await embedCapture(deps, repos, model, claimed, event, bytes);
  } catch (err) {
    if (err instanceof Rejection && model) {
      await reject(deps, repos, model.version, claimed, err, event.name, event.generation);
      return;
    }
    if (!(await repos.enrollments.get(claimed.id))) {
      // The person was erased while their photo was being processed: finish the erasure, nothing to retry.
      deps.log.info('embed: enrollment deleted during processing; deleting the upload', {
        enrollmentId: claimed.id,
      });
      await deps.blobs.delete(event.name);
      return;
    }
    // Not the capture's fault: let the event be redelivered.
    await repos.enrollments.transition(claimed.id, ['processing'], 'pending');
    deps.log.error('embed: transient failure, will be retried', {
      enrollmentId: claimed.id,
      error: String(err),
    });
    throw err;
  } finally {
    deps.log.debug('embed: done', { enrollmentId: claimed.id, ms: deps.clock.nowMs() - started });
  }
}

/**
 * An upload for an enrollment that is no longer waiting for one: a redelivery of the upload that was embedded
 * (kept), or an object nobody will ever check (the enrollment was rejected or superseded, or a second write of an
 * active one's object), deleted so an unchecked photo never sits in the user's folder.
 */
async function dropUnwanted(
  deps: ProcessEnrollmentUploadDeps,
  repos: TenantRepositories,
  enrollment: Enrollment,
  event: ObjectFinalized,
): Promise<void> {
  const stored = await repos.captures.get(enrollment.captureId);
  const embedded = stored !== null && stored.blobPath === event.name && stored.generation === event.generation;
  if (embedded) {
    deps.log.info('embed: enrollment already finished (redelivery)', {
      enrollmentId: enrollment.id,
      status: enrollment.status,
    });
    return;
  }
  deps.log.warn('embed: upload for an enrollment that expects none; deleting it', {
    enrollmentId: enrollment.id,
    status: enrollment.status,
    object: event.name,
    generation: event.generation,
  });
  await deps.blobs.delete(event.name, { generation: event.generation });
}

async function embedCapture(
  deps: ProcessEnrollmentUploadDeps,
  repos: TenantRepositories,
  model: TenantModel,
  enrollment: Enrollment,
  event: ObjectFinalized,
  bytes: Uint8Array,
): Promise<void> {
  const contentType = event.contentType ?? '';
  if (!(contentType in UPLOAD_TYPES))
    throw new Rejection('unsupported_content_type', `Content type "${contentType}" is not an accepted image type`);
  if (Math.max(event.size, bytes.length) > deps.upload.maxBytes)
    throw new Rejection('upload_too_large', `Upload of ${bytes.length} bytes exceeds ${deps.upload.maxBytes}`);

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
    analysis = await model.engine.analyze(bytes);
  } catch (err) {
    if (err instanceof ImageError) throw new Rejection(err.code, err.message);
    throw err;
  }
  const primary = analysis.primary;
  if (!primary?.embedding) throw new Rejection('no_face', 'No face was found in the photo');
  const quality = qualityFeatures(primary.quality);
  await repos.captures.setQuality(enrollment.captureId, quality);
  if (deps.security.padMode === 'enforce' && primary.liveness?.live === false) {
    const tampered = primary.liveness.tampered !== undefined;
    throw new Rejection(
      tampered ? 'capture_tampered' : 'spoof_suspected',
      tampered
        ? 'The photo carries no colour (converted to greyscale): refused as a possible presentation attack'
        : 'The photo looks like a presentation attack (a photo or a screen)',
      quality,
      {
        livenessScore: primary.liveness.score,
      },
    );
  }
  const failure = primary.quality.failures[0];
  if (failure)
    throw new Rejection(failure, `The photo failed the quality check: ${primary.quality.failures.join(', ')}`, quality);

  const matrix = await deps.index.matrix(repos.tenantId, model.version, model.engine.dims);
  const nearest = matrix.search(primary.embedding, model.engine.metric, 1, enrollment.userId).hits[0];
  if (nearest && nearest.score >= model.threshold) {
    throw new Rejection('duplicate_face', 'This face is already enrolled for another user', quality, {
      relatedUserId: nearest.userId,
    });
  }

  const { value: template } = await repos.templates.add({
    userId: enrollment.userId,
    enrollmentId: enrollment.id,
    captureId: enrollment.captureId,
    modelVersion: model.version,
    embedding: primary.embedding,
    qualityScore: primary.quality.detectionScore,
  });
  if (model.reembedTarget) await addTargetTemplate(deps, repos, model.reembedTarget, enrollment, bytes);
  await repos.enrollments.transition(enrollment.id, ['processing'], 'active', { quality });
  deps.index.invalidate(repos.tenantId);
  // Kept for re-embedding, but only sealed: the clear upload goes.
  await sealCapture(
    deps.blobs,
    deps.cipher,
    repos,
    { id: enrollment.captureId, userId: enrollment.userId, blobPath: event.name, generation: event.generation },
    bytes,
  );
  await publishEvent(deps, 'face.enrolled.v1', {
    tenantId: repos.tenantId,
    enrollmentId: enrollment.id,
    userId: enrollment.userId,
    captureId: enrollment.captureId,
    templateId: template.id,
    modelVersion: model.version,
    dims: model.engine.dims,
    quality,
  });
  await publishEvent(deps, 'capture.observed.v1', {
    tenantId: repos.tenantId,
    captureId: enrollment.captureId,
    kind: 'enroll',
    modelVersion: model.version,
    quality,
    outcome: 'accepted',
    latencyMs: analysis.timings.total,
    ...(primary.liveness && Number.isFinite(primary.liveness.score)
      ? { livenessScore: Math.min(1, Math.max(0, primary.liveness.score)) }
      : {}),
  });
}

/**
 * A re-embed to another version is running: store this capture's template of that version too, so the re-embed,
 * which planned its work before this enrollment existed, does not leave the new user behind.
 */
async function addTargetTemplate(
  deps: ProcessEnrollmentUploadDeps,
  repos: TenantRepositories,
  target: ModelChoice,
  enrollment: Enrollment,
  bytes: Uint8Array,
): Promise<void> {
  const primary = (await target.engine.analyze(bytes)).primary;
  if (!primary?.embedding) {
    // The re-embed's activation check will find this user without a template of the target and refuse.
    deps.log.warn('embed: no face for the re-embed target version', {
      enrollmentId: enrollment.id,
      modelVersion: target.version,
    });
    return;
  }
  await repos.templates.add({
    userId: enrollment.userId,
    enrollmentId: enrollment.id,
    captureId: enrollment.captureId,
    modelVersion: target.version,
    embedding: primary.embedding,
    qualityScore: primary.quality.detectionScore,
  });
}

async function reject(
  deps: ProcessEnrollmentUploadDeps,
  repos: TenantRepositories,
  modelVersion: string,
  enrollment: Enrollment,
  r: Rejection,
  objectName: string,
  generation: string,
): Promise<void> {
  await repos.enrollments.transition(enrollment.id, ['processing'], 'rejected', {
    reason: r.reason,
    quality: r.quality ?? null,
  });
  // A refused capture has no further use: do not keep the photo.
  await repos.captures.delete(enrollment.captureId);
  await deps.blobs.delete(objectName, { generation });
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
    modelVersion,
    ...(r.quality ? { quality: r.quality } : {}),
  });
  await alertOnSuspiciousRejection(deps, repos.tenantId, enrollment, r);
  if (r.quality) {
    await publishEvent(deps, 'capture.observed.v1', {
      tenantId: repos.tenantId,
      captureId: enrollment.captureId,
      kind: 'enroll',
      modelVersion,
      quality: r.quality,
      outcome: 'rejected',
    });
  }
}

/** A spoofed capture or a face enrolled under another name is an incident, not just a failed enrollment. */
async function alertOnSuspiciousRejection(
  deps: ProcessEnrollmentUploadDeps,
  tenantId: string,
  enrollment: Enrollment,
  r: Rejection,
): Promise<void> {
  const common = { tenantId, userId: enrollment.userId, enrollmentId: enrollment.id, attemptIds: [] };
  if (r.reason === 'spoof_suspected' || r.reason === 'capture_tampered') {
    const score = r.evidence.livenessScore;
    await raiseAlert(deps, {
      ...common,
      kind: 'spoof_suspected',
      severity: 'high',
      summary: 'An enrollment photo looked like a presentation attack (photo or screen); the enrollment was rejected',
      ...(score !== undefined && Number.isFinite(score) ? { livenessScore: Math.min(1, Math.max(0, score)) } : {}),
    });
  } else if (r.reason === 'duplicate_face') {
    await raiseAlert(deps, {
      ...common,
      kind: 'duplicate_identity',
      severity: 'high',
      summary: 'An enrollment face matches another enrolled user of this organization; the enrollment was rejected',
      ...(r.evidence.relatedUserId ? { relatedUserId: r.evidence.relatedUserId } : {}),
    });
  }
}

/** A delivery that finds another run working on its enrollment: retried later (503 is transient to the embed handler). */
function inProgress(enrollment: Enrollment): AppError {
  return new AppError(503, ENROLLMENT_IN_PROGRESS, `Enrollment ${enrollment.id} is being processed by another run`, {
    retryAfterSeconds: Math.ceil(CLAIM_LEASE_MS / 1000),
  });
}
