/**
 * Presentation-attack detection (ISO/IEC 30107-3): is the face in front of the camera a live person or an artefact
 * such as a printed photo? The engine asks a PresentationAttackDetector about the primary face it has found.
 */
import type { LivenessResult } from '../face-engine.js';
import type { Landmarks5, RgbImage } from '../types.js';
import { predictLogistic } from './logistic-regression.js';
import { padCrop, type PadCropSpec } from './pad-crop.js';
import type { PadModelFile } from './pad-model-file.js';
import { textureFeatures, type TextureFeatureSpec } from './texture-features.js';

/** The feature vector of the face with these landmarks: what the classifier is trained on and scores. */
export function padFeatures(
  image: RgbImage,
  landmarks: Landmarks5,
  crop: PadCropSpec,
  features: TextureFeatureSpec,
): Float32Array {
  const chip = padCrop(image, landmarks, crop);
  return textureFeatures(chip.data, chip.size, features);
}

export interface PresentationAttackDetector {
  /** Version id of the model, recorded with every result. */
  readonly modelVersion: string;
  /** `live` is `score >= threshold`. */
  readonly threshold: number;
  /** Judge the face with these landmarks in `image` (the decoded working image the landmarks refer to). */
  assess(image: RgbImage, landmarks: Landmarks5): LivenessResult;
}

/** Colour LBP texture of the aligned face, scored by logistic regression: the score is P(live). */
export class LbpPresentationAttackDetector implements PresentationAttackDetector {
  readonly modelVersion: string;

  constructor(
    private readonly model: PadModelFile,
    readonly threshold: number,
  ) {
    if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`PAD threshold must be 0..1, got ${threshold}`);
    this.modelVersion = model.version;
  }

  assess(image: RgbImage, landmarks: Landmarks5): LivenessResult {
    const x = padFeatures(image, landmarks, this.model.crop, this.model.features);
    const score = predictLogistic(this.model.classifier, x);
    return { score, threshold: this.threshold, live: score >= this.threshold, modelVersion: this.modelVersion };
  }
}
