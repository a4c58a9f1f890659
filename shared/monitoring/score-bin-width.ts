/**
 * The width of a score histogram's bins, from the scale the scores are on. Cosine-like scores (threshold ≈ 0.4) get
 * 0.05; the fused model's z-scored scale (threshold ≈ 2.8, scores from -3 to 15) would crowd hundreds of such bins,
 * so the width follows the span: a "nice" step (1, 2 or 2.5, 5 × 10^k) giving at most `maxBins` bins over it.
 * Imported by the server's online metrics and the console's charts, so both draw the same bins.
 */
export function scoreBinWidth(scores: readonly number[], threshold: number | null, maxBins = 40): number {
  const values = threshold === null ? [...scores] : [...scores, threshold];
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return 0.05;
  const span = Math.max(...finite) - Math.min(...finite);
  // Never finer than a tenth of the threshold's size (or 0.05 on a cosine scale): a bin should hold a few scores.
  const floor = Math.max(0.05, threshold === null ? 0 : Math.abs(threshold) / 10);
  return niceStep(Math.max(floor, span / maxBins));
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is at least `x`. */
function niceStep(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) {
    const step = m * power;
    if (step >= x - 1e-12) return Number(step.toPrecision(12));
  }
  return 10 * power;
}
