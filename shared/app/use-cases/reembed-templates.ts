/**
 * Re-embeds a tenant's enrolled captures with another model version (`npm run models:reembed`). Templates of the
 * new version are written beside the old ones, which verify and identify keep using until the switch, so nobody is
 * locked out while it runs. Resumable and idempotent: every run plans afresh from what is stored and skips captures
 * that already have a template of the target; an interrupted run loses at most the capture in hand.
 */
import { ImageError, UnknownModelVersionError } from '../../face/errors.js';
import type { FaceAnalysis, FaceEngine } from '../../face/face-engine.js';
import { MissingReferenceError } from '../../ports/repository-errors.js';
import { badRequest, notFound } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import { readCapture } from '../capture-at-rest.js';
import { TemplateDecryptError } from '../../crypto/template-cipher.js';
import { planReembed, usersWithout, type PendingCapture } from '../template-coverage.js';
import { tenantModel } from './tenant-model.js';

/**
 * Why a capture was not re-embedded. Besides the missing and unreadable, a re-embed runs the checks an enrollment
 * runs with the new model (quality gate, presentation-attack detection when enforced, a face already enrolled for
 * someone else), and refuses a stored object that is no longer the generation that was checked at enrollment.
 */
export type ReembedFailureReason =
  | 'capture_missing'
  | 'blob_missing'
  | 'blob_replaced'
  | 'no_face'
  | 'image_error'
  | 'quality_failed'
  | 'spoof_suspected'
  | 'duplicate_face';

export interface ReembedFailure {
  userId: string;
  captureId: string;
  reason: ReembedFailureReason;
}

export interface ReembedProgress {
  /** Captures handled by this run so far (embedded or failed). */
  done: number;
  /** Captures this run set out to handle. */
  total: number;
  failed: number;
}

export interface ReembedOptions {
  tenantId: string;
  /** Target model version (a key of the manifest's `embedders`). */
  to: string;
  /** Called after every capture. */
  onProgress?: (progress: ReembedProgress) => void;
  /** Stop after this many captures (a partial run; the next run carries on). */
  maxCaptures?: number;
}

export interface ReembedReport {
  tenantId: string;
  from: string;
  to: string;
  /** Enrolled users (with a template of any version) and their captures, when the run planned. */
  users: number;
  captures: number;
  /** Captures that already had a target template and were skipped. */
  skipped: number;
  embedded: number;
  failures: ReembedFailure[];
  /** Enrolled users still without a target template after the run (new enrollments included): must be none to switch. */
  usersMissing: string[];
}

type Deps = Pick<AppDeps, 'repos' | 'blobs' | 'cipher' | 'engines' | 'match' | 'index' | 'log' | 'security'>;

/** The target version's gallery as the run grows it: what was stored before, and what this run added. */
interface Gallery {
  matrix: Awaited<ReturnType<AppDeps['index']['matrix']>>;
  added: { userId: string; embedding: Float32Array }[];
  threshold: number;
}

export async function reembedTemplates(deps: Deps, options: ReembedOptions): Promise<ReembedReport> {
  const { tenantId, to } = options;
  if (!(await deps.repos.tenants.get(tenantId))) throw notFound('Tenant');
  const repos = deps.repos.forTenant(tenantId);
  const engine = await deps.engines.get(to).catch((err: unknown) => {
    throw err instanceof UnknownModelVersionError ? badRequest('unknown_model_version', err.message) : err;
  });
  const active = await tenantModel(deps, tenantId);
  // From here on, enrollments on every instance also write `to`, so the plan below cannot miss them.
  if (to !== active.version) await repos.modelSettings.setReembedTarget(to);

  const plan = planReembed(await repos.templates.listCoverage(), to);
  const work = plan.pending.slice(0, options.maxCaptures ?? plan.pending.length);
  const failures: ReembedFailure[] = [];
  let embedded = 0;
  const fail = (c: PendingCapture, reason: ReembedFailureReason) => {
    failures.push({ userId: c.userId, captureId: c.captureId, reason });
    deps.log.warn('reembed: capture not re-embedded', { tenantId, captureId: c.captureId, reason });
  };
  const gallery: Gallery = {
    matrix: await deps.index.matrix(tenantId, to, engine.dims),
    added: [],
    threshold: deps.match.thresholdFor(to),
  };
  for (const pending of work) {
    const problem = await reembedOne(deps, tenantId, engine, to, pending, gallery);
    if (problem) fail(pending, problem);
    else embedded++;
    options.onProgress?.({ done: embedded + failures.length, total: work.length, failed: failures.length });
  }
  deps.index.invalidate(tenantId);
  return {
    tenantId,
    from: active.version,
    to,
    users: plan.users,
    captures: plan.captures,
    skipped: plan.done,
    embedded,
    failures,
    usersMissing: usersWithout(await repos.templates.listCoverage(), to),
  };
}

/** Embed one capture with `engine` and store its template; the reason when it cannot be done. */
async function reembedOne(
  deps: Deps,
  tenantId: string,
  engine: FaceEngine,
  to: string,
  pending: PendingCapture,
  gallery: Gallery,
): Promise<ReembedFailureReason | null> {
  const repos = deps.repos.forTenant(tenantId);
  const capture = await repos.captures.get(pending.captureId);
  if (!capture) return 'capture_missing'; // deleted with its user since the plan was made
  // The generation checked at enrollment, never whatever was written under the name since.
  const bytes = await readCapture(deps.blobs, deps.cipher, tenantId, capture).catch((err: unknown) => {
    if (err instanceof TemplateDecryptError) return 'unreadable' as const;
    throw err;
  });
  if (bytes === 'unreadable') return 'image_error';
  if (!bytes) return (await deps.blobs.exists(capture.blobPath)) ? 'blob_replaced' : 'blob_missing';
  let analysis: FaceAnalysis;
  try {
    analysis = await engine.analyze(bytes);
  } catch (err) {
    if (err instanceof ImageError) return 'image_error';
    throw err;
  }
  const primary = analysis.primary;
  if (!primary?.embedding) return 'no_face';
  if (deps.security.padMode === 'enforce' && primary.liveness?.live === false) return 'spoof_suspected';
  if (primary.quality.failures.length > 0) return 'quality_failed';
  if (isDuplicate(engine, gallery, pending.userId, primary.embedding)) return 'duplicate_face';
  gallery.added.push({ userId: pending.userId, embedding: primary.embedding });
  try {
    // Idempotent per (capture, version): a concurrent run or enrollment that got there first wins quietly.
    await repos.templates.add({
      userId: pending.userId,
      captureId: pending.captureId,
      enrollmentId: pending.enrollmentId,
      modelVersion: to,
      embedding: primary.embedding,
      qualityScore: primary.quality.detectionScore,
    });
  } catch (err) {
    if (err instanceof MissingReferenceError) return 'capture_missing';
    throw err;
  }
  return null;
}

/** True when the embedding matches another user's template of the target version at its threshold. */
function isDuplicate(engine: FaceEngine, gallery: Gallery, userId: string, embedding: Float32Array): boolean {
  const stored = gallery.matrix.search(embedding, engine.metric, 1, userId).hits[0];
  if (stored && stored.score >= gallery.threshold) return true;
  return gallery.added.some(
    (other) => other.userId !== userId && engine.similarity(embedding, other.embedding) >= gallery.threshold,
  );
}
