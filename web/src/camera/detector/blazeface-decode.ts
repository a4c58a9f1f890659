/**
 * BlazeFace's raw output turned into face boxes: the anchor grid of the short-range ("front") model, box and
 * keypoint decoding, and non-maximum suppression. Pure maths, no tfjs, so it is tested without a browser.
 * Anchors and decoding follow MediaPipe's SSD anchor calculator for this model (strides 8 and 16 with 2 and 6
 * anchors per cell; offsets in input pixels from the anchor's centre).
 */

/** One face in the detector's input, all coordinates as fractions (0..1) of the input square. */
export interface RawDetection {
  score: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Six keypoints: right eye, left eye, nose tip, mouth, right ear, left ear (the subject's sides). */
  keypoints: { x: number; y: number }[];
}

/** Anchor centres in input pixels, in the order the model's outputs list them (stride 8 grid first). */
export function blazeFaceAnchors(inputSize: number): Float32Array {
  const layers = [
    { stride: inputSize / 16, perCell: 2 },
    { stride: inputSize / 8, perCell: 6 },
  ];
  const centres: number[] = [];
  for (const { stride, perCell } of layers) {
    const cells = Math.ceil(inputSize / stride);
    for (let row = 0; row < cells; row++) {
      for (let col = 0; col < cells; col++) {
        for (let n = 0; n < perCell; n++) centres.push(stride * (col + 0.5), stride * (row + 0.5));
      }
    }
  }
  return Float32Array.from(centres);
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Decodes `logits` (one per anchor) and `regressors` (16 per anchor: centre x, centre y, width, height, then six
 * keypoints as x, y pairs) into detections scoring at least `minScore`, overlapping ones suppressed.
 */
export function decodeBlazeFace(
  logits: ArrayLike<number>,
  regressors: ArrayLike<number>,
  anchors: Float32Array,
  inputSize: number,
  options: { minScore?: number; iou?: number } = {},
): RawDetection[] {
  const minScore = options.minScore ?? 0.6;
  const found: RawDetection[] = [];
  for (let i = 0; i < logits.length; i++) {
    const score = sigmoid(logits[i]!);
    if (score < minScore) continue;
    const r = i * 16;
    const ax = anchors[i * 2]!;
    const ay = anchors[i * 2 + 1]!;
    const width = regressors[r + 2]! / inputSize;
    const height = regressors[r + 3]! / inputSize;
    const cx = (regressors[r]! + ax) / inputSize;
    const cy = (regressors[r + 1]! + ay) / inputSize;
    const keypoints = [];
    for (let k = 0; k < 6; k++) {
      keypoints.push({
        x: (regressors[r + 4 + k * 2]! + ax) / inputSize,
        y: (regressors[r + 5 + k * 2]! + ay) / inputSize,
      });
    }
    found.push({ score, x: cx - width / 2, y: cy - height / 2, width, height, keypoints });
  }
  return suppressOverlaps(found, options.iou ?? 0.3);
}

/** Greedy non-maximum suppression: the best box of each overlapping group survives. */
export function suppressOverlaps(detections: RawDetection[], maxIou: number): RawDetection[] {
  const kept: RawDetection[] = [];
  for (const d of [...detections].sort((a, b) => b.score - a.score)) {
    if (kept.every((k) => iou(k, d) <= maxIou)) kept.push(d);
  }
  return kept;
}

export function iou(a: RawDetection, b: RawDetection): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}
