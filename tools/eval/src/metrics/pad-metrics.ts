/**
 * Presentation-attack detection figures in ISO/IEC 30107-3 terms. A presentation is accepted as bona fide (live)
 * when its score reaches the threshold. APCER: share of attack presentations accepted, per attack type (the standard
 * reports the worst type); BPCER: share of bona fide presentations rejected. A presentation where no face was found
 * (score null) is rejected: an error for a live one, a stopped attack for an attack.
 */
import { areaUnderCurve, rocCurve } from './roc.js';
import { sweepScores } from './score-sweep.js';

export interface PadScore {
  live: boolean;
  /** Higher = more likely live; null = no face found. */
  score: number | null;
  /** `none` for live presentations. */
  attackType: string;
}

export interface AttackTypeFigures {
  attacks: number;
  accepted: number;
  apcer: number;
}

export interface PadErrorRates {
  threshold: number;
  /** The worst attack type's APCER (ISO/IEC 30107-3: APCER of the most successful type). */
  apcer: number;
  /** All attacks pooled. */
  apcer_pooled: number;
  bpcer: number;
  live: number;
  attacks: number;
  accepted_attacks: number;
  rejected_live: number;
  per_attack_type: Record<string, AttackTypeFigures>;
}

const accepted = (s: PadScore, threshold: number): boolean => s.score !== null && s.score >= threshold;

export function padErrorRates(scores: readonly PadScore[], threshold: number): PadErrorRates {
  const live = scores.filter((s) => s.live);
  const attacks = scores.filter((s) => !s.live);
  if (live.length === 0 || attacks.length === 0) {
    throw new RangeError(`PAD figures need live and attack presentations (got ${live.length} and ${attacks.length})`);
  }
  const perType: Record<string, AttackTypeFigures> = {};
  for (const a of attacks) {
    const t = (perType[a.attackType] ??= { attacks: 0, accepted: 0, apcer: 0 });
    t.attacks++;
    if (accepted(a, threshold)) t.accepted++;
  }
  for (const t of Object.values(perType)) t.apcer = t.accepted / t.attacks;
  const acceptedAttacks = attacks.filter((a) => accepted(a, threshold)).length;
  const rejectedLive = live.filter((l) => !accepted(l, threshold)).length;
  return {
    threshold,
    apcer: Math.max(...Object.values(perType).map((t) => t.apcer)),
    apcer_pooled: acceptedAttacks / attacks.length,
    bpcer: rejectedLive / live.length,
    live: live.length,
    attacks: attacks.length,
    accepted_attacks: acceptedAttacks,
    rejected_live: rejectedLive,
    per_attack_type: perType,
  };
}

/**
 * The highest threshold whose BPCER stays within `target`: it rejects at most ⌊target · live⌋ live presentations
 * (those without a face included). When faceless live presentations alone exceed that, the lowest live score.
 */
export function thresholdAtBpcer(scores: readonly PadScore[], target: number): number {
  if (!(target >= 0 && target < 1)) throw new RangeError(`target BPCER must be in [0, 1), got ${target}`);
  const live = scores.filter((s) => s.live);
  const scored = live.flatMap((s) => (s.score === null ? [] : [s.score])).sort((a, b) => a - b);
  if (scored.length === 0) throw new RangeError('no live presentation has a score');
  const allowed = Math.floor(target * live.length) - (live.length - scored.length);
  // Rejecting the `allowed` lowest scores means accepting from the next one; equal scores are accepted together.
  return scored[Math.max(0, Math.min(allowed, scored.length - 1))]!;
}

/** Probability that a random live presentation outscores a random attack (faceless ones lowest; ties half). */
export function padAuc(scores: readonly PadScore[]): number {
  const labeled = scores.map((s) => ({ genuine: s.live, score: s.score ?? Number.NEGATIVE_INFINITY }));
  return areaUnderCurve(rocCurve(sweepScores(labeled)));
}
