/** Decoded image: tightly packed 8-bit RGB, row-major (HWC). */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Axis-aligned box in image pixels; (x, y) is the top-left corner. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The five MTCNN landmarks in image coordinates, in this order:
 * eye on the image's left, eye on the image's right, nose tip, mouth corner left, mouth corner right.
 */
export type Landmarks5 = readonly [Point, Point, Point, Point, Point];

export interface Detection {
  box: Box;
  /** O-Net face probability, 0..1. */
  score: number;
  landmarks: Landmarks5;
}

/** Wall-clock milliseconds spent in each stage of one analysis. */
export interface StageTimings {
  decode: number;
  detect: number;
  align: number;
  /** Presentation-attack detection on the primary face; 0 when not run (optional so older fakes still fit). */
  pad?: number;
  embed: number;
  total: number;
}
