/**
 * A fused PAD model (models/pad-fused-*.json): the texture model file it uses, the learned ONNX model it uses (both
 * pinned by sha256), how their scores combine, and the colour check. Validated with zod.
 */
import { z } from 'zod';

export const FUSED_PAD_FORMAT = 'facegate-pad-fused/1';

const fusedSchema = z
  .object({
    format: z.literal(FUSED_PAD_FORMAT),
    version: z.string().min(1),
    texture: z.object({ file: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    learned: z
      .object({
        model: z.string().min(1),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        crop: z
          .object({
            size: z.int().min(16).max(512),
            scale: z.number().positive().max(10),
            channelOrder: z.enum(['bgr', 'rgb']),
            resize: z.enum(['bilinear', 'area']),
          })
          .strict(),
      })
      .strict(),
    /** score = sigmoid(learned · logit(P_learned) + texture · logit(P_texture) + bias). */
    fusion: z.object({ learned: z.number(), texture: z.number(), bias: z.number() }).strict(),
    /** Faces whose mean chroma is below this carry no colour: refused as tampered when PAD is enforced. */
    minChroma: z.number().min(0),
    training: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type FusedPadModelFile = z.infer<typeof fusedSchema>;

export function parseFusedPadModelFile(json: unknown, where: string): FusedPadModelFile {
  const parsed = fusedSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${where} is not a fused PAD model file:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const EPS = 1e-6;
export const logit = (p: number): number => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
};
export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function fuseScores(fusion: FusedPadModelFile['fusion'], learned: number, texture: number): number {
  return sigmoid(fusion.learned * logit(learned) + fusion.texture * logit(texture) + fusion.bias);
}
