/**
 * Presentation-attack detection (ISO/IEC 30107-3): is the face in front of the camera a live person or an artefact
 * such as a printed photo? The engine asks a PresentationAttackDetector about the primary face it has found.
 */
import type { LivenessResult } from '../face-engine.js';
import type { Detection, Landmarks5, RgbImage } from '../types.js';
import { colourCheck } from './colour-evidence.js';
import { fuseScores, type FusedPadModelFile } from './fused-model-file.js';
import type { OnnxLivenessModel } from './learned/onnx-liveness.js';
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
  /** Judge `face` in `image` (the decoded working image the detection refers to). */
  assess(image: RgbImage, face: Detection): Promise<LivenessResult>;
}

function checkThreshold(threshold: number): void {
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`PAD threshold must be 0..1, got ${threshold}`);
}

/** Colour LBP texture of the aligned face, scored by logistic regression: the score is P(live). */
export class LbpPresentationAttackDetector implements PresentationAttackDetector {
  readonly modelVersion: string;

  constructor(
    readonly model: PadModelFile,
    readonly threshold: number,
  ) {
    checkThreshold(threshold);
    this.modelVersion = model.version;
  }

  /** P(live) by texture alone. */
  textureScore(image: RgbImage, landmarks: Landmarks5): number {
    return predictLogistic(this.model.classifier, padFeatures(image, landmarks, this.model.crop, this.model.features));
  }

  assess(image: RgbImage, face: Detection): Promise<LivenessResult> {
    const score = this.textureScore(image, face.landmarks);
    return Promise.resolve({
      score,
      threshold: this.threshold,
      live: score >= this.threshold,
      modelVersion: this.modelVersion,
    });
  }
}

/**
 * Two signals that fail differently: the colour texture model (trained here, with attacker perturbations) and a
 * learned CNN (fr_liveness.onnx), their logits combined as the model file says. A face with no colour at all is
 * not scored: it is reported `tampered` (and not live).
 */
export class FusedPresentationAttackDetector implements PresentationAttackDetector {
  readonly modelVersion: string;

  constructor(
    private readonly file: FusedPadModelFile,
    private readonly texture: LbpPresentationAttackDetector,
    private readonly learned: OnnxLivenessModel,
    readonly threshold: number,
    /**
     * Compute the texture features on this thread while onnxruntime runs the CNN on its own (the same numbers,
     * ~40% less wall time per face); false runs them one after the other (the baseline of `npm run bench:pad`).
     */
    readonly overlap = true,
  ) {
    checkThreshold(threshold);
    this.modelVersion = file.version;
  }

  /** The same detector with the two signals overlapped or not. */
  withOverlap(overlap: boolean): FusedPresentationAttackDetector {
    return new FusedPresentationAttackDetector(this.file, this.texture, this.learned, this.threshold, overlap);
  }

  async assess(image: RgbImage, face: Detection): Promise<LivenessResult> {
    const base = { threshold: this.threshold, modelVersion: this.modelVersion };
    const colour = colourCheck(image, face.box, this.file.minChroma);
    if (!colour.ok)
      return { ...base, score: 0, live: false, tampered: 'no_colour', signals: { chroma: colour.chroma } };
    let learned: number;
    let texture: number;
    if (this.overlap) {
      // score() prepares its crop and hands the tensor to onnxruntime before its first await.
      const pending = this.learned.score(image, face.box);
      texture = this.texture.textureScore(image, face.landmarks);
      learned = await pending;
    } else {
      learned = await this.learned.score(image, face.box);
      texture = this.texture.textureScore(image, face.landmarks);
    }
    const score = fuseScores(this.file.fusion, learned, texture);
    return { ...base, score, live: score >= this.threshold, signals: { learned, texture, chroma: colour.chroma } };
  }
}
