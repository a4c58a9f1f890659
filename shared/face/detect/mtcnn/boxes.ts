/** Box arithmetic for the MTCNN cascade, in the original's inclusive-pixel convention (x2 - x1 + 1 = width). */

export interface Candidate {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
}

export function area(b: Candidate): number {
  return Math.max(0, b.x2 - b.x1 + 1) * Math.max(0, b.y2 - b.y1 + 1);
}

/**
 * Greedy non-maximum suppression. `mode: 'union'` is IoU; `'min'` divides by the smaller area, which the
 * original MTCNN uses after O-Net to drop boxes nested inside a larger face.
 */
export function nms<T extends Candidate>(boxes: readonly T[], threshold: number, mode: 'union' | 'min' = 'union'): T[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  const suppressed = new Uint8Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    if (suppressed[i]) continue;
    const a = sorted[i]!;
    kept.push(a);
    const areaA = area(a);
    for (let j = i + 1; j < sorted.length; j++) {
      if (suppressed[j]) continue;
      const b = sorted[j]!;
      const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + 1;
      const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + 1;
      if (w <= 0 || h <= 0) continue;
      const inter = w * h;
      const denom = mode === 'min' ? Math.min(areaA, area(b)) : areaA + area(b) - inter;
      if (inter / denom > threshold) suppressed[j] = 1;
    }
  }
  return kept;
}

/** Apply a bounding-box regression (offsets as fractions of width/height), as the original's `bbreg`. */
export function regress<T extends Candidate>(b: T, reg: readonly [number, number, number, number]): T {
  const w = b.x2 - b.x1 + 1;
  const h = b.y2 - b.y1 + 1;
  return { ...b, x1: b.x1 + reg[0] * w, y1: b.y1 + reg[1] * h, x2: b.x2 + reg[2] * w, y2: b.y2 + reg[3] * h };
}

/** Grow the shorter side so the box is square around the same centre (the original's `rerec`). */
export function square<T extends Candidate>(b: T): T {
  const w = b.x2 - b.x1;
  const h = b.y2 - b.y1;
  const side = Math.max(w, h);
  const x1 = b.x1 + w * 0.5 - side * 0.5;
  const y1 = b.y1 + h * 0.5 - side * 0.5;
  return { ...b, x1, y1, x2: x1 + side, y2: y1 + side };
}

export function roundBox<T extends Candidate>(b: T): T {
  return { ...b, x1: Math.round(b.x1), y1: Math.round(b.y1), x2: Math.round(b.x2), y2: Math.round(b.y2) };
}
