/**
 * What a count of false accepts can certify: the exact (Clopper–Pearson) one-sided upper confidence bound of a
 * binomial rate. With 0 false accepts in N impostor comparisons the 95% bound is about 3/N ("rule of three").
 */

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** Lanczos approximation of ln Γ(x), x > 0 (15 significant digits). */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X <= k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  let s = 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  for (let i = 0; i <= k; i++) s += Math.exp(logChoose(n, i) + i * lp + (n - i) * lq);
  return Math.min(1, s);
}

/**
 * One-sided Clopper–Pearson upper bound of a rate observed as `k` events in `n` trials: the largest p for which
 * seeing at most k events still has probability >= 1 - confidence. @throws RangeError for impossible counts
 */
export function clopperPearsonUpper(k: number, n: number, confidence = 0.95): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n <= 0 || k < 0 || k > n) {
    throw new RangeError(`clopperPearsonUpper: need integers 0 <= k <= n, n > 0 (got k=${k}, n=${n})`);
  }
  if (k === n) return 1;
  const alpha = 1 - confidence;
  if (k === 0) return 1 - Math.pow(alpha, 1 / n);
  let lo = k / n;
  let hi = 1;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (binomialCdf(k, n, mid) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A measured FAR with its count and 95% upper bound, as every report shows it. */
export interface BoundedRate {
  false_accepts: number;
  comparisons: number;
  far: number;
  far_upper_95: number;
}

export function boundedRate(falseAccepts: number, comparisons: number): BoundedRate {
  return {
    false_accepts: falseAccepts,
    comparisons,
    far: comparisons === 0 ? 0 : falseAccepts / comparisons,
    far_upper_95: comparisons === 0 ? 1 : clopperPearsonUpper(falseAccepts, comparisons),
  };
}
