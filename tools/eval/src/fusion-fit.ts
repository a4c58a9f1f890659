/**
 * Chooses a fusion's z-normalisation and weights by cross-validation over identities: identities are split into
 * folds, and every pair is scored with z-statistics fitted without its identities' fold (out-of-fold scores). The
 * weight with the lowest mean out-of-fold EER over the datasets (ties: lowest FRR at zero false accepts) wins: one
 * weight for all populations, never tuned to one set's test pairs. The final statistics come from all pairs.
 */
export interface PartScoredPair {
  dataset: string;
  genuine: boolean;
  /** Identities of the two images (equal for genuine pairs). */
  identities: [string, string];
  /** One raw score per fusion part. */
  scores: number[];
}

export interface ZStats {
  mean: number;
  sd: number;
}

export interface FusionFit {
  stats: ZStats[];
  weights: number[];
  folds: number;
  /** Mean held-out figures per candidate first-part weight (for the record). */
  candidates: { weight: number; eer: number; frr_at_zero_fa: number }[];
}

/** Deterministic fold of an identity (FNV-1a of its name). */
export function identityFold(identity: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < identity.length; i++) h = Math.imul(h ^ identity.charCodeAt(i), 0x01000193);
  return (h >>> 0) % folds;
}

export function impostorStats(pairs: readonly PartScoredPair[], parts: number): ZStats[] {
  const imp = pairs.filter((p) => !p.genuine);
  if (imp.length < 2) throw new Error('fusion fit: fewer than two impostor pairs');
  return Array.from({ length: parts }, (_, k) => {
    const xs = imp.map((p) => p.scores[k]!);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    return { mean, sd };
  });
}

/** EER (the max of FAR and FRR where they cross) and FRR at the highest impostor score. */
export function errorFigures(
  genuine: readonly number[],
  impostor: readonly number[],
): { eer: number; frrAtZeroFa: number } {
  const maxImp = Math.max(...impostor);
  const frrAtZeroFa = genuine.filter((s) => s <= maxImp).length / genuine.length;
  const g = [...genuine].sort((a, b) => a - b);
  const i = [...impostor].sort((a, b) => a - b);
  let eer = 1;
  let gi = 0;
  let ii = 0;
  for (const t of [...g, ...i].sort((a, b) => a - b)) {
    while (gi < g.length && g[gi]! < t) gi++;
    while (ii < i.length && i[ii]! < t) ii++;
    const far = (i.length - ii) / i.length;
    const frr = gi / g.length;
    eer = Math.min(eer, Math.max(far, frr));
  }
  return { eer, frrAtZeroFa };
}

function fuse(scores: readonly number[], stats: readonly ZStats[], weights: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < scores.length; k++) s += (weights[k]! * (scores[k]! - stats[k]!.mean)) / stats[k]!.sd;
  return s;
}

/**
 * Two-part fusion fit over a grid of first-part weights (the second part gets the rest). Each pair is held out in
 * the fold of its first identity; its fused score uses z-statistics from the pairs that share no identity with that
 * fold. The out-of-fold scores are pooled per dataset, and each weight is judged on them.
 */
export function fitFusion(pairs: readonly PartScoredPair[], folds = 5, grid = 20): FusionFit {
  const parts = pairs[0]?.scores.length ?? 0;
  if (parts !== 2) throw new Error(`fusion fit: two parts supported, got ${parts}`);
  const datasets = [...new Set(pairs.map((p) => p.dataset))];
  const foldOf = (p: PartScoredPair, k: number) => identityFold(`${p.dataset}/${p.identities[k]}`, folds);
  const statsByFold = Array.from({ length: folds }, (_, f) =>
    impostorStats(
      pairs.filter((p) => foldOf(p, 0) !== f && foldOf(p, 1) !== f),
      parts,
    ),
  );
  const candidates: FusionFit['candidates'] = [];
  for (let step = 0; step <= grid; step++) {
    const w = [step / grid, 1 - step / grid];
    let eer = 0;
    let frr = 0;
    for (const d of datasets) {
      const gen: number[] = [];
      const imp: number[] = [];
      for (const p of pairs) {
        if (p.dataset !== d) continue;
        (p.genuine ? gen : imp).push(fuse(p.scores, statsByFold[foldOf(p, 0)]!, w));
      }
      if (gen.length === 0 || imp.length === 0) throw new Error(`fusion fit: ${d} lacks genuine or impostor pairs`);
      const e = errorFigures(gen, imp);
      eer += e.eer / datasets.length;
      frr += e.frrAtZeroFa / datasets.length;
    }
    candidates.push({ weight: w[0]!, eer, frr_at_zero_fa: frr });
  }
  // Ties on EER (common: it moves in steps of one pair) go to the lower FRR at zero false accepts.
  const best = [...candidates].sort((a, b) => a.eer - b.eer || a.frr_at_zero_fa - b.frr_at_zero_fa)[0]!;
  return { stats: impostorStats(pairs, parts), weights: [best.weight, 1 - best.weight], folds, candidates };
}
