import type { Landmarks5, RgbImage } from '../types.js';
import { similarityTransform } from './similarity-transform.js';
import type { AlignmentTemplate } from './templates.js';
import { warpAffine } from './warp-affine.js';

/** An aligned face chip, RGB, `size` x `size`. */
export interface FaceChip {
  data: Uint8Array;
  size: number;
}

/** 5-point similarity alignment of a face onto an embedder's template. */
export function alignFace(image: RgbImage, landmarks: Landmarks5, template: AlignmentTemplate): FaceChip {
  const m = similarityTransform(landmarks, template.points);
  return { data: warpAffine(image, m, template.size), size: template.size };
}
