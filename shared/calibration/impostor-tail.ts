/**
 * Where the 1e-3 threshold lies when the impostor scores at hand cannot resolve it: the upper tail of the impostor
 * scores is fitted with a generalised Pareto distribution (peaks over a threshold; Pickands–Balkema–de Haan), by
 * Hosking & Wallis' probability-weighted moments, and the quantile for the target rate is read off the fit. The
 * operating threshold is never below the empirical one (the score that at most `targetFar` of the impostors reach).
 */

export interface TailFit {
  /** Score above which the tail was fitted (the (1 - tailFraction) empirical quantile). */
  u: number;
  /** Fraction of the impostor scores above `u`. */
  zeta: number;
  exceedances: number;
  /** Shape ξ (> 0 heavy tail, < 0 bounded tail) and scale σ of the GPD. */
  xi: number;
  sigma: number;
}

export interface TailThreshold {
  /** max(empirical, fitted): the value to operate at. */
  threshold: number;
  /** The GPD quantile for the target rate; absent when too few scores to fit. */
  fitted?: number;
  /** The smallest score that at most `targetFar` of the impostors reach (above the maximum when that is 0). */
  empirical: number;
  fit?: TailFit;
  impostors: number;
  method: string;
}

/** Fewest exceedances a fit is attempted with. */
export const MIN_EXCEEDANCES = 20;

/** Generalised Pareto fit of the largest `tailFraction` of `scores` (PWM estimators). */
export function fitTail(scores: readonly number[], tailFraction = 0.1): TailFit | undefined {
  const n = scores.length;
  const m = Math.max(MIN_EXCEEDANCES, Math.round(n * tailFraction));
  if (n < m + 1) return undefined;
  const sorted = [...scores].sort((a, b) => a - b);
  const u = sorted[n - m - 1]!;
  const y = sorted.slice(n - m).map((x) => x - u);
  // Hosking & Wallis (1987): a0 = mean, a1 = mean of (1 - p_i) y_(i), p_i = (i - 0.35) / m, y ascending.
  const a0 = y.reduce((s, v) => s + v, 0) / m;
  const a1 = y.reduce((s, v, i) => s + (1 - (i + 1 - 0.35) / m) * v, 0) / m;
  if (!(a0 > 0) || a0 - 2 * a1 <= 0) return undefined;
  const k = a0 / (a0 - 2 * a1) - 2;
  const sigma = (2 * a0 * a1) / (a0 - 2 * a1);
  return { u, zeta: m / n, exceedances: m, xi: -k, sigma };
}

/** The score the fitted tail exceeds with probability `p` (of all impostors). */
export function tailQuantile(fit: TailFit, p: number): number {
  const r = p / fit.zeta;
  if (r >= 1) return fit.u;
  if (Math.abs(fit.xi) < 1e-6) return fit.u - fit.sigma * Math.log(r);
  return fit.u + (fit.sigma / fit.xi) * (Math.pow(r, -fit.xi) - 1);
}

/** Empirical: the lowest threshold at which at most floor(targetFar * n) impostors reach it (ties counted). */
export function empiricalThreshold(scores: readonly number[], targetFar: number): number {
  const sorted = [...scores].sort((a, b) => b - a);
  const allowed = Math.floor(targetFar * sorted.length);
  // Accept = score >= threshold; just above the (allowed+1)-th highest keeps `allowed` accepts at most.
  const bar = sorted[allowed];
  if (bar === undefined) return -Infinity;
  return bar + Math.max(1e-9, Math.abs(bar) * 1e-12);
}

export function tailThreshold(scores: readonly number[], targetFar: number, tailFraction = 0.1): TailThreshold {
  const empirical = empiricalThreshold(scores, targetFar);
  const fit = fitTail(scores, tailFraction);
  const fitted = fit ? tailQuantile(fit, targetFar) : undefined;
  return {
    threshold: fitted === undefined ? empirical : Math.max(empirical, fitted),
    ...(fitted === undefined ? {} : { fitted }),
    empirical,
    ...(fit ? { fit } : {}),
    impostors: scores.length,
    method:
      `max(empirical ${targetFar} impostor quantile, generalised Pareto quantile fitted by probability-weighted ` +
      `moments to the top ${Math.round(tailFraction * 100)}% (at least ${MIN_EXCEEDANCES}) impostor scores)`,
  };
}
