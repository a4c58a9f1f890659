/**
 * The calibration `npm run calibrate` records for a model version: the global threshold from the pooled
 * development populations' impostor tail, the floor below which no tenant's self-calibrated threshold may go (the
 * lowest population's own tail threshold), and next to every FAR its Clopper–Pearson 95% upper bound.
 */
import { boundedRate, type BoundedRate } from '../../../shared/calibration/far-bounds.js';
import { tailThreshold, type TailThreshold } from '../../../shared/calibration/impostor-tail.js';
import { DEFAULT_MIN_USERS } from '../../../shared/calibration/tenant-threshold.js';
import type { LabeledScore } from './metrics/labeled-score.js';

export interface PopulationCalibration {
  impostor_pairs: number;
  tail: Omit<TailThreshold, 'method'>;
  /** FAR of this population at the global threshold. */
  at_global: BoundedRate;
}

export interface TailCalibration {
  method: string;
  target_far: number;
  threshold: number;
  /** Pooled FAR at the threshold and what it certifies. */
  pooled: BoundedRate & { impostor_pairs: number; tail: Omit<TailThreshold, 'method'> };
  populations: Record<string, PopulationCalibration>;
  floor: number;
  min_gallery_users: number;
  /** What the figures cannot certify, in words, for whoever reads the manifest. */
  caveat: string;
}

function impostors(scores: readonly { dataset: string; score: LabeledScore }[], dataset?: string): number[] {
  return scores
    .filter(
      (s) => !s.score.genuine && Number.isFinite(s.score.score) && (dataset === undefined || s.dataset === dataset),
    )
    .map((s) => s.score.score);
}

function accepts(scores: readonly number[], t: number): BoundedRate {
  return boundedRate(scores.filter((s) => s >= t).length, scores.length);
}

const withoutMethod = ({ method: _method, ...rest }: TailThreshold): Omit<TailThreshold, 'method'> => rest;

export function tailCalibration(
  scores: readonly { dataset: string; score: LabeledScore }[],
  targetFar: number,
  minGalleryUsers = DEFAULT_MIN_USERS,
): TailCalibration {
  const pooled = impostors(scores);
  if (pooled.length === 0) throw new Error('calibration needs impostor pairs');
  const tail = tailThreshold(pooled, targetFar);
  const populations: Record<string, PopulationCalibration> = {};
  for (const d of [...new Set(scores.map((s) => s.dataset))]) {
    const own = impostors(scores, d);
    if (own.length === 0) continue;
    populations[d] = {
      impostor_pairs: own.length,
      tail: withoutMethod(tailThreshold(own, targetFar)),
      at_global: accepts(own, tail.threshold),
    };
  }
  const floor = Math.min(...Object.values(populations).map((p) => p.tail.threshold));
  return {
    method:
      `global threshold: ${tail.method}, on the impostor pairs of every development population pooled; ` +
      `floor: the lowest population's own tail threshold; tenants with at least ${minGalleryUsers} enrolled users ` +
      `get max(floor, their gallery's tail threshold), smaller ones the global threshold`,
    target_far: targetFar,
    threshold: tail.threshold,
    pooled: { ...accepts(pooled, tail.threshold), impostor_pairs: pooled.length, tail: withoutMethod(tail) },
    populations,
    floor,
    min_gallery_users: minGalleryUsers,
    caveat:
      `${pooled.length} impostor pairs certify a FAR of at most ${accepts(pooled, tail.threshold).far_upper_95.toExponential(2)} ` +
      `(95%, Clopper–Pearson) on these populations; the ${targetFar} operating point beyond that rests on the ` +
      `tail fit, and a population unlike these is only covered by its tenant's self-calibration`,
  };
}
