/** Time bucket widths for the metrics: parsing `5m`-style widths and choosing one for a window. */

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The narrowest bucket accepted. */
export const MIN_BUCKET_MS = 60_000;

/** `30s`…`7d` → milliseconds; null for anything else or below one minute. */
export function parseBucket(text: string): number | null {
  const match = /^(\d{1,6})([smhd])$/.exec(text);
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms >= MIN_BUCKET_MS ? ms : null;
}

/** Usual widths, narrowest first. */
const USUAL_MS = [60_000, 5 * 60_000, 15 * 60_000, 3_600_000, 6 * 3_600_000, 86_400_000, 7 * 86_400_000];

/** The narrowest usual width that cuts `spanMs` into at most `maxBuckets` buckets. */
export function chooseBucketMs(spanMs: number, maxBuckets = 48): number {
  return USUAL_MS.find((b) => spanMs / b <= maxBuckets) ?? USUAL_MS[USUAL_MS.length - 1]!;
}
