/**
 * Detection strategy around MTCNN. A webcam selfie is found on the first, cheap pass (pyramid starting at the
 * expected face size); the fallbacks exist for photos where that fails: small faces, and tight face crops where
 * P-Net lacks the context around the face it was trained with.
 */
import { padRgb } from '../decode/pad-rgb.js';
import type { Detection, RgbImage } from '../types.js';
import type { Mtcnn } from './mtcnn/mtcnn.js';

export interface FindFacesOptions {
  /** Smallest face looked for on the first pass, as a fraction of the shorter side. */
  minFaceFraction: number;
  /** Absolute floor for the smallest face, px (P-Net's window is 12 px; below ~20 px nothing is recognisable). */
  minFacePx: number;
  /** Fraction of the image added on each side before the padded retry. */
  padFraction: number;
  /** O-Net score a whole-crop candidate must reach in the last fallback. */
  wholeCropThreshold: number;
  /** Images whose shorter side is at most this are treated as possible face crops (always also searched padded). */
  cropMaxSide: number;
}

export const DEFAULT_FIND_FACES: FindFacesOptions = {
  minFaceFraction: 0.1,
  minFacePx: 20,
  padFraction: 0.3,
  wholeCropThreshold: 0.5,
  cropMaxSide: 400,
};

export type FindPass = 'expected' | 'small' | 'padded' | 'whole-crop';

export interface FoundFaces {
  faces: Detection[];
  /** Which pass found them (or the last one tried when none did). */
  pass: FindPass;
}

function shift(d: Detection, dx: number, dy: number): Detection {
  return {
    score: d.score,
    box: { x: d.box.x + dx, y: d.box.y + dy, width: d.box.width, height: d.box.height },
    landmarks: d.landmarks.map((p) => ({ x: p.x + dx, y: p.y + dy })) as unknown as Detection['landmarks'],
  };
}

/** Largest first: the person in front of the camera is the largest face. */
function bySize(faces: Detection[]): Detection[] {
  return [...faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height || b.score - a.score);
}

async function detectPadded(mtcnn: Mtcnn, image: RgbImage, o: FindFacesOptions, short: number): Promise<Detection[]> {
  const padded = padRgb(image, o.padFraction, 'replicate');
  const faces = await mtcnn.detect(padded.image, { minFace: Math.max(o.minFacePx, 0.2 * short) });
  return faces.map((f) => shift(f, padded.offset.x, padded.offset.y));
}

export async function findFaces(
  mtcnn: Mtcnn,
  image: RgbImage,
  options: Partial<FindFacesOptions> = {},
): Promise<FoundFaces> {
  const o = { ...DEFAULT_FIND_FACES, ...options };
  const short = Math.min(image.width, image.height);
  const expected = Math.max(o.minFacePx, o.minFaceFraction * short);

  let faces = await mtcnn.detect(image, { minFace: expected });
  if (short <= o.cropMaxSide) {
    // A small image is usually a face crop, often cut tighter than the face: P-Net then misses the real face and may
    // take an eye or a mouth for a small one. Look again with margins added and keep whatever is larger.
    const padded = await detectPadded(mtcnn, image, o, short);
    const best = bySize([...faces, ...padded])[0];
    if (best && padded.includes(best)) return { faces: bySize(padded), pass: 'padded' };
  }
  if (faces.length) return { faces: bySize(faces), pass: 'expected' };

  if (expected > o.minFacePx * 1.2) {
    faces = await mtcnn.detect(image, { minFace: o.minFacePx });
    if (faces.length) return { faces: bySize(faces), pass: 'small' };
  }

  if (short > o.cropMaxSide) {
    faces = await detectPadded(mtcnn, image, o, short);
    if (faces.length) return { faces: bySize(faces), pass: 'padded' };
  }

  // A tight crop is itself the face box: offer O-Net the whole crop and a few nested squares.
  const candidates = [1.0, 0.9, 0.8].flatMap((k) => {
    const side = k * short;
    const x1 = (image.width - side) / 2;
    const y1 = (image.height - side) / 2;
    return [{ x1, y1, x2: x1 + side, y2: y1 + side, score: 0 }];
  });
  faces = await mtcnn.detectInBoxes(image, candidates, o.wholeCropThreshold);
  return { faces: bySize(faces).slice(0, 1), pass: 'whole-crop' };
}
