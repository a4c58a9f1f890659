/**
 * The gallery/probe protocol: what a tenant whose users are a dataset's identities would get. Per identity, the
 * first photo that yields a face enrolls (the gallery, which also feeds the tenant's self-calibration exactly as
 * enrollments do in the service); every other photo probes, once against its own identity (a genuine attempt) and
 * once against each other identity (an impostor claim). Decisions are taken at the threshold the service would
 * apply to that tenant (calibration/tenant-threshold.ts). `enrollPhotos` > 1 measures multi-photo enrollment: the
 * first k photos with a face become the user's templates and a probe's score is its best over them, as verify
 * scores a user with several templates.
 */
import { boundedRate } from '../../../../shared/calibration/far-bounds.js';
import { GalleryImpostors } from '../../../../shared/calibration/gallery-impostors.js';
import { empiricalThreshold } from '../../../../shared/calibration/impostor-tail.js';
import {
  tenantThreshold,
  type TenantThreshold,
  type ThresholdPolicy,
} from '../../../../shared/calibration/tenant-threshold.js';

export interface IdentityPhotos {
  identity: string;
  /** In a stable order (file name); undefined = the photo gave no face (failure to acquire). */
  embeddings: (Float32Array | undefined)[];
}

export interface GalleryProbeFigures {
  users: number;
  /** Templates enrolled per user (the first photos with a face). */
  enroll_photos: number;
  probes: number;
  threshold: number;
  threshold_source: TenantThreshold['source'];
  /** The tenant's own tail threshold before the floor (gallery-calibrated tenants only). */
  gallery_threshold: number | null;
  gallery_impostor_scores: number;
  genuine_attempts: number;
  impostor_attempts: number;
  false_accepts_at_threshold: number;
  false_rejects_at_threshold: number;
  far_at_threshold: number;
  /** One-sided 95% Clopper–Pearson bound of the FAR: what the impostor attempts can certify. */
  far_upper_95: number;
  frr_at_threshold: number;
  /** 1 - (FAR + FRR) / 2: accuracy on balanced genuine/impostor attempts, as on an LFW-style pairs list. */
  accuracy_at_threshold: number;
  /**
   * FRR at the lowest threshold that keeps these impostor attempts' FAR within the target: chosen on the attempts
   * themselves, so not an operating point, but what compares two models at an equal FAR.
   */
  frr_at_target_far: number;
}

export function galleryProbe(
  identities: readonly IdentityPhotos[],
  similarity: (a: Float32Array, b: Float32Array) => number,
  policy: ThresholdPolicy,
  enrollPhotos = 1,
): GalleryProbeFigures {
  if (!Number.isInteger(enrollPhotos) || enrollPhotos < 1) throw new RangeError('enrollPhotos must be an integer >= 1');
  const enrolled: { identity: string; templates: Float32Array[]; probes: (Float32Array | undefined)[] }[] = [];
  for (const { identity, embeddings } of identities) {
    const chosen = embeddings.flatMap((e, i) => (e === undefined ? [] : [i])).slice(0, enrollPhotos);
    if (chosen.length === 0) continue;
    enrolled.push({
      identity,
      templates: embeddings.filter((e, i): e is Float32Array => e !== undefined && chosen.includes(i)),
      probes: embeddings.filter((_, i) => !chosen.includes(i)),
    });
  }
  const best = (p: Float32Array, templates: readonly Float32Array[]): number =>
    Math.max(...templates.map((t) => similarity(p, t)));
  const gallery = new GalleryImpostors(similarity, Number.MAX_SAFE_INTEGER, enrolled.length);
  for (const e of enrolled) gallery.add({ userId: e.identity, embeddings: e.templates });
  const decided = tenantThreshold(policy, gallery.impostorScores(), gallery.userCount);
  const t = decided.threshold;

  // Scores of every attempt (-Infinity when the probe has no face), for the FRR at the target FAR.
  const genuineScores: number[] = [];
  const impostorScores: number[] = [];
  let genuine = 0;
  let falseRejects = 0;
  let impostor = 0;
  let falseAccepts = 0;
  let probes = 0;
  for (const e of enrolled) {
    for (const p of e.probes) {
      probes++;
      genuine++;
      // A probe without a face is rejected: a false reject for its own identity, a correct reject for the others.
      const own = p ? best(p, e.templates) : -Infinity;
      genuineScores.push(own);
      if (own < t) falseRejects++;
      for (const other of enrolled) {
        if (other === e) continue;
        impostor++;
        const score = p ? best(p, other.templates) : -Infinity;
        impostorScores.push(score);
        if (score >= t) falseAccepts++;
      }
    }
  }
  const far = boundedRate(falseAccepts, impostor);
  const frr = genuine === 0 ? 0 : falseRejects / genuine;
  const atTarget = empiricalThreshold(impostorScores, policy.targetFar);
  const frrAtTarget = genuine === 0 ? 0 : genuineScores.filter((x) => x < atTarget).length / genuine;
  return {
    users: enrolled.length,
    enroll_photos: enrollPhotos,
    probes,
    threshold: t,
    threshold_source: decided.source,
    gallery_threshold: decided.gallery_threshold ?? null,
    gallery_impostor_scores: decided.impostor_scores,
    genuine_attempts: genuine,
    impostor_attempts: impostor,
    false_accepts_at_threshold: falseAccepts,
    false_rejects_at_threshold: falseRejects,
    far_at_threshold: far.far,
    far_upper_95: far.far_upper_95,
    frr_at_threshold: frr,
    accuracy_at_threshold: 1 - (far.far + frr) / 2,
    frr_at_target_far: frrAtTarget,
  };
}
