/**
 * The learned PAD signal: faceplugin-face-recognition-js@0.0.1's fr_liveness.onnx (3 classes, softmax; class 0 =
 * live). Its score is P(live) = softmax(logits)[0]; 0.5 is its natural cut, and the one that transferred to unseen
 * subjects (quantile thresholds from dev live images did not).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ModelIntegrityError } from '../../errors.js';
import { createSession, run, type OnnxSession } from '../../runtime/onnx.js';
import type { Box, RgbImage } from '../../types.js';
import { livenessInput, type LivenessCropSpec } from './liveness-crop.js';

/** Area resizing (not the bilinear of the outside test): noise sigma 16 on prints got through 10% vs 91%. */
export const FR_LIVENESS_CROP: LivenessCropSpec = { size: 128, scale: 2.7, channelOrder: 'bgr', resize: 'area' };

export class OnnxLivenessModel {
  private constructor(
    private readonly session: OnnxSession,
    readonly crop: LivenessCropSpec,
  ) {}

  /** Open `path`, refusing it when its sha256 is not `sha256`. */
  static async load(
    path: string,
    sha256: string,
    crop: LivenessCropSpec = FR_LIVENESS_CROP,
  ): Promise<OnnxLivenessModel> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      throw new ModelIntegrityError(
        `liveness model missing: ${path} (${(err as Error).message}); run \`node scripts/vendor-models.mjs\``,
      );
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256)
      throw new ModelIntegrityError(`sha256 mismatch for ${path}: expected ${sha256}, got ${actual}`);
    return new OnnxLivenessModel(await createSession(bytes, { graphOptimization: 'all' }), crop);
  }

  /** P(live) of the face in `box` (image pixels of `image`). */
  async score(image: RgbImage, box: Box): Promise<number> {
    const { size } = this.crop;
    const input = livenessInput(image, box, this.crop);
    return softmax(await run(this.session, input, [1, 3, size, size]))[0]!;
  }
}

export function softmax(logits: Float32Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const e = Float64Array.from(logits, (v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}
