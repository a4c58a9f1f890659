/** P-Net sees 12x12 windows, so a face of `minFace` pixels must be scaled by 12 / minFace to be found. */
export const PNET_CELL = 12;

/**
 * Scales of the image pyramid: from the one that maps `minFace` to a 12 px window, shrinking by `factor` until the
 * image's shorter side would drop below 12 px. No cap on the number of levels: capping it (face-api.js stops at 10)
 * silently misses faces larger than ~20 x 1.41^10 px.
 */
export function pyramidScales(width: number, height: number, minFace: number, factor = 0.709): number[] {
  const m = PNET_CELL / minFace;
  const scales: number[] = [];
  let side = Math.min(width, height) * m;
  let scale = m;
  while (side >= PNET_CELL) {
    scales.push(scale);
    scale *= factor;
    side *= factor;
  }
  return scales;
}
