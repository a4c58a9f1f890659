/**
 * How `npm run train:pad` builds a PAD model: the crop, the features and the classifier's training options.
 * Colour LBP (YCbCr + HSV) with Määttä et al.'s three operators won the leave-one-subject-out comparison on the
 * NUAA dev split (README, "Presentation-attack detection").
 */
import type { TrainOptions } from './logistic-regression.js';
import type { PadCropSpec } from './pad-crop.js';
import type { TextureFeatureSpec } from './texture-features.js';

export interface PadRecipe {
  version: string;
  description: string;
  crop: PadCropSpec;
  features: TextureFeatureSpec;
  training: TrainOptions;
}

export const PAD_LBP_V1: PadRecipe = {
  version: 'pad-lbp-v1',
  description:
    'Colour texture PAD: u2 LBP(8,1) on 3x3 half-overlapping blocks, LBP(8,2) and LBP(16,2) on the whole face, on ' +
    'Y, Cb, Cr, H, S, V of a 64x64 dlib-aligned face; Hellinger-mapped histograms; L2 logistic regression',
  crop: { size: 64, faceScale: 1 },
  features: {
    colourSpaces: ['ycbcr', 'hsv'],
    operators: [
      { points: 8, radius: 1, grid: 3, overlap: 0.5 },
      { points: 8, radius: 2, grid: 1 },
      { points: 16, radius: 2, grid: 1 },
    ],
    sqrt: true,
  },
  training: { l2: 1e-2, iterations: 300, learningRate: 0.05 },
};

/**
 * The same model trained with a wider bona fide class (`train:pad --bona-fide`): NUAA's live images come from one
 * kind of 2010 webcam, so v1 learnt that capture chain as much as liveness and refused most photos from elsewhere.
 */
export const PAD_LBP_V2: PadRecipe = {
  ...PAD_LBP_V1,
  version: 'pad-lbp-v2',
  description: `${PAD_LBP_V1.description}; bona fide class widened with photos from other capture chains`,
};

export const PAD_RECIPES: Readonly<Record<string, PadRecipe>> = {
  [PAD_LBP_V1.version]: PAD_LBP_V1,
  [PAD_LBP_V2.version]: PAD_LBP_V2,
};
export const DEFAULT_PAD_RECIPE = PAD_LBP_V2;

/**
 * pad-lbp-v2's features, trained on every image plus `augmentations` perturbed copies of it (both classes; noise,
 * blur, JPEG 5–95, greyscale, gamma, resampling, low light, drawn per image from a seeded generator): an attacker
 * who adds noise to a print must not find a region of feature space the training never covered.
 */
export const PAD_LBP_V3: PadRecipe & { augmentations: number } = {
  ...PAD_LBP_V1,
  version: 'pad-lbp-v3',
  description: `${PAD_LBP_V1.description}; bona fide class widened with photos from other capture chains; both classes augmented with attacker perturbations (noise, blur, JPEG 5-95, greyscale, gamma, resampling, low light)`,
  augmentations: 2,
};

/** The fused detector `train:pad --recipe pad-fused-v1` builds: pad-lbp-v3 + fr_liveness.onnx, fused by logits. */
export interface FusedPadRecipe {
  version: string;
  description: string;
  texture: PadRecipe & { augmentations: number };
  /** Subjects are split into this many folds for leave-subjects-out (dataset subjects first, one per fold). */
  folds: number;
  minChroma: number;
}

export const PAD_FUSED_V1: FusedPadRecipe = {
  version: 'pad-fused-v1',
  description:
    "Fused PAD: faceplugin's fr_liveness.onnx (MiniFASNet-style CNN, BGR 128x128 crop of the face box squared on its height x2.7) and the augmented colour-LBP model pad-lbp-v3, combined on their logits by the rule chosen on held-out subjects; faces without colour refused as tampered",
  texture: PAD_LBP_V3,
  folds: 8,
  minChroma: 2,
};
