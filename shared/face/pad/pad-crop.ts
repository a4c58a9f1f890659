/**
 * The face crop the PAD features are computed on: the 5-point similarity alignment of the embedder, onto dlib's
 * face template scaled to `size` pixels, the face filling `faceScale` of it (below 1 keeps some surroundings).
 */
import { alignFace, type FaceChip } from '../align/align-face.js';
import { DLIB_150, type AlignmentTemplate } from '../align/templates.js';
import type { Landmarks5, RgbImage } from '../types.js';

export interface PadCropSpec {
  size: number;
  faceScale: number;
}

export function padTemplate(spec: PadCropSpec): AlignmentTemplate {
  const k = (spec.size * spec.faceScale) / DLIB_150.size;
  const shift = (spec.size * (1 - spec.faceScale)) / 2;
  const p = DLIB_150.points.map((q) => ({ x: q.x * k + shift, y: q.y * k + shift }));
  return {
    id: `pad-dlib-${spec.size}-${spec.faceScale}`,
    size: spec.size,
    points: [p[0]!, p[1]!, p[2]!, p[3]!, p[4]!],
  };
}

export function padCrop(image: RgbImage, landmarks: Landmarks5, spec: PadCropSpec): FaceChip {
  return alignFace(image, landmarks, padTemplate(spec));
}
