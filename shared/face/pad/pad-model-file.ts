/**
 * The trained PAD parameters as stored in models/ (e.g. models/pad-lbp-v1.json): the crop, the feature recipe and
 * the classifier, validated with zod so a damaged or foreign file is refused with a clear message.
 */
import { z } from 'zod';
import type { LogisticModel } from './logistic-regression.js';
import type { PadCropSpec } from './pad-crop.js';
import type { TextureFeatureSpec } from './texture-features.js';
import { featureLength } from './texture-features.js';

export const PAD_MODEL_FORMAT = 'facegate-pad-lbp-logistic/1';

const operatorSchema = z
  .object({
    points: z.int().min(2).max(16),
    radius: z.number().positive(),
    grid: z.int().min(1).max(16),
    overlap: z.number().min(0).lt(1).optional(),
  })
  .strict();

const fileSchema = z
  .object({
    format: z.literal(PAD_MODEL_FORMAT),
    version: z.string().min(1),
    crop: z.object({ size: z.int().min(16).max(512), faceScale: z.number().gt(0).max(1) }).strict(),
    features: z
      .object({
        colourSpaces: z.array(z.enum(['gray', 'ycbcr', 'hsv'])).min(1),
        operators: z.array(operatorSchema).min(1),
        sqrt: z.boolean(),
      })
      .strict(),
    classifier: z
      .object({
        mean: z.array(z.number()),
        scale: z.array(z.number().positive()),
        weights: z.array(z.number()),
        bias: z.number(),
      })
      .strict(),
    training: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export interface PadModelFile {
  format: typeof PAD_MODEL_FORMAT;
  version: string;
  crop: PadCropSpec;
  features: TextureFeatureSpec;
  classifier: LogisticModel;
  /** How it was trained (dataset fingerprint, options): provenance only. */
  training?: Record<string, unknown>;
}

/** Validate parsed JSON as a PAD model file; throws an Error naming every problem. */
export function parsePadModelFile(json: unknown, where: string): PadModelFile {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${where} is not a PAD model file:\n${z.prettifyError(parsed.error)}`);
  const file: PadModelFile = parsed.data;
  const dims = featureLength(file.features);
  const { mean, scale, weights } = file.classifier;
  if (mean.length !== dims || scale.length !== dims || weights.length !== dims) {
    throw new Error(
      `${where}: the features have ${dims} dimensions but the classifier has ${weights.length} weights, ` +
        `${mean.length} means and ${scale.length} scales`,
    );
  }
  return file;
}
