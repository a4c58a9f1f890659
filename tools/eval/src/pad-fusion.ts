/**
 * Choosing how the learned and texture PAD scores combine, on held-out subjects only. Every candidate rule is fitted
 * on the out-of-fold scores of the other folds and applied to the held-out fold (nested leave-subjects-out), so no
 * subject ever scores a rule or a threshold it helped choose.
 */
import { thresholdAtBpcer, type PadScore } from './metrics/pad-metrics.js';
import { logit, sigmoid } from '../../../shared/face/pad/fused-model-file.js';
import { trainLogistic } from '../../../shared/face/pad/logistic-regression.js';

export interface ScoredVariant {
  subject: string;
  live: boolean;
  attackType: string;
  /** Perturbation name (`original`, `noise_16`, …). */
  variant: string;
  /** In the augmented set models are fitted on (originals and random perturbations). */
  train: boolean;
  /** One of the fixed perturbations figures are reported on (originals included). */
  eval: boolean;
  /** Mean chroma of the face: below the model's minimum it is refused before scoring. */
  chroma: number;
  fold: number;
  learned: number;
  /** Out-of-fold texture score. */
  texture: number;
}

export interface Fusion {
  learned: number;
  texture: number;
  bias: number;
}

export interface FusionCandidate {
  name: string;
  /** Fit the rule and its threshold on these (other folds') scores. */
  fit(train: readonly ScoredVariant[], targetBpcer: number): { fusion: Fusion; threshold: number };
}

export const fusedScore = (f: Fusion, v: { learned: number; texture: number }): number =>
  sigmoid(f.learned * logit(v.learned) + f.texture * logit(v.texture) + f.bias);

/** Bona fide originals set the threshold: perturbed live images are reported, not tuned for. */
function quantileThreshold(train: readonly ScoredVariant[], fusion: Fusion, targetBpcer: number): number {
  const scores: PadScore[] = train
    .filter((v) => v.variant === 'original')
    .map((v) => ({ live: v.live, attackType: v.attackType, score: fusedScore(fusion, v) }));
  return thresholdAtBpcer(scores, targetBpcer);
}

/** 2-D logistic regression on (logit learned, logit texture), folded back into plain weights on the logits. */
function stack(train: readonly ScoredVariant[]): Fusion {
  const xs = train.map((v) => Float32Array.of(logit(v.learned), logit(v.texture)));
  const m = trainLogistic(
    xs,
    train.map((v) => v.live),
    { l2: 1e-3, iterations: 500, learningRate: 0.05 },
  );
  const wl = m.weights[0]! / m.scale[0]!;
  const wt = m.weights[1]! / m.scale[1]!;
  return { learned: wl, texture: wt, bias: m.bias - wl * m.mean[0]! - wt * m.mean[1]! };
}

const LEARNED_ONLY: Fusion = { learned: 1, texture: 0, bias: 0 };
const TEXTURE_ONLY: Fusion = { learned: 0, texture: 1, bias: 0 };

export const FUSION_CANDIDATES: readonly FusionCandidate[] = [
  { name: 'learned only, cut 0.5', fit: () => ({ fusion: LEARNED_ONLY, threshold: 0.5 }) },
  {
    name: 'texture only, threshold at target BPCER',
    fit: (train, t) => ({ fusion: TEXTURE_ONLY, threshold: quantileThreshold(train, TEXTURE_ONLY, t) }),
  },
  {
    name: 'stacked logistic, cut 0.5',
    fit: (train) => ({ fusion: stack(train.filter((v) => v.train)), threshold: 0.5 }),
  },
  {
    name: 'stacked logistic, threshold at target BPCER',
    fit: (train, t) => {
      const fusion = stack(train.filter((v) => v.train));
      return { fusion, threshold: quantileThreshold(train, fusion, t) };
    },
  },
  {
    name: 'equal logit sum, cut 0.5',
    fit: () => ({ fusion: { learned: 1, texture: 1, bias: 0 }, threshold: 0.5 }),
  },
];

/** Figures of a rule on held-out scores: BPCER per bona fide variant, APCER per attack variant, worst subject. */
export interface HeldOutFigures {
  /**
   * Bona fide colour captures only: photos without colour (black-and-white press photos in `wild`) are refused by
   * design when PAD is enforced and counted apart in `refused_no_colour`.
   */
  bpcer: Record<string, { live: number; rejected: number; bpcer: number; refused_no_colour: number }>;
  apcer: Record<string, { attacks: number; accepted: number; apcer: number }>;
  worst_subject_apcer: { subject: string; apcer: number };
}

export function heldOutFigures(
  scored: readonly (ScoredVariant & { fused: number; threshold: number })[],
  /** Variants refused before scoring (greyscale by the colour check): reported as stopped. */
  refused: (v: ScoredVariant) => boolean,
): HeldOutFigures {
  const bpcer: HeldOutFigures['bpcer'] = {};
  const apcer: HeldOutFigures['apcer'] = {};
  const perSubject = new Map<string, { n: number; a: number }>();
  for (const v of scored.filter((s) => s.eval)) {
    const accepted = !refused(v) && v.fused >= v.threshold;
    if (v.live) {
      const b = (bpcer[v.variant] ??= { live: 0, rejected: 0, bpcer: 0, refused_no_colour: 0 });
      if (refused(v)) {
        b.refused_no_colour++;
        continue;
      }
      b.live++;
      if (!accepted) b.rejected++;
    } else {
      const a = (apcer[v.variant] ??= { attacks: 0, accepted: 0, apcer: 0 });
      a.attacks++;
      if (accepted) a.accepted++;
      if (v.variant === 'original') {
        const s = perSubject.get(v.subject) ?? { n: 0, a: 0 };
        s.n++;
        if (accepted) s.a++;
        perSubject.set(v.subject, s);
      }
    }
  }
  for (const b of Object.values(bpcer)) b.bpcer = b.rejected / b.live;
  for (const a of Object.values(apcer)) a.apcer = a.accepted / a.attacks;
  // Subjects with a handful of attack images (the 2 minivision samples) would dominate a per-subject maximum.
  const worst = [...perSubject.entries()]
    .filter(([, s]) => s.n >= 10)
    .map(([subject, s]) => ({ subject, apcer: s.a / s.n }))
    .sort((x, y) => y.apcer - x.apcer)[0] ?? { subject: 'none', apcer: 0 };
  return { bpcer, apcer, worst_subject_apcer: worst };
}

/** Apply `candidate` fold by fold: fitted on the other folds, scored on the held-out one. */
export function nestedFusionScores(
  items: readonly ScoredVariant[],
  candidate: FusionCandidate,
  targetBpcer: number,
): (ScoredVariant & { fused: number; threshold: number })[] {
  const folds = [...new Set(items.map((i) => i.fold))].sort((a, b) => a - b);
  const out: (ScoredVariant & { fused: number; threshold: number })[] = [];
  for (const k of folds) {
    const { fusion, threshold } = candidate.fit(
      items.filter((i) => i.fold !== k),
      targetBpcer,
    );
    for (const i of items.filter((v) => v.fold === k)) out.push({ ...i, fused: fusedScore(fusion, i), threshold });
  }
  return out;
}
