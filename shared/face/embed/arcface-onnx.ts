/**
 * An ArcFace-class 512-d embedder run by ONNX Runtime (fr_feature.onnx of faceplugin-face-recognition-js, see
 * models/manifest.json for its provenance). Input: a 112x112 chip aligned to the ArcFace five-point template,
 * BGR, planar (NCHW), (x - 127) / 128. Output: 512 values, compared by cosine; returned L2-normalised.
 */
import type { FaceChip } from '../align/align-face.js';
import type { AlignmentTemplate } from '../align/templates.js';
import { createSession, run, type OnnxSession } from '../runtime/onnx.js';
import { l2normalize, type Embedder } from './embedder.js';

export interface ArcFaceOnnxOptions {
  id: string;
  model: Uint8Array;
  template: AlignmentTemplate;
  dims: number;
  /** Also embed the mirrored chip and add the two before normalising. */
  flip?: boolean;
}

/** NCHW, BGR, (x - 127) / 128 of an RGB chip, optionally mirrored left-right. */
export function arcFaceInput(chip: FaceChip, mirror = false): Float32Array {
  const s = chip.size;
  const plane = s * s;
  const out = new Float32Array(3 * plane);
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const src = (y * s + (mirror ? s - 1 - x : x)) * 3;
      const dst = y * s + x;
      out[dst] = (chip.data[src + 2]! - 127) / 128;
      out[plane + dst] = (chip.data[src + 1]! - 127) / 128;
      out[2 * plane + dst] = (chip.data[src]! - 127) / 128;
    }
  }
  return out;
}

export class ArcFaceOnnx implements Embedder {
  readonly metric = 'cosine' as const;
  readonly runsOffThread = true;

  private constructor(
    readonly id: string,
    readonly template: AlignmentTemplate,
    readonly dims: number,
    private readonly flip: boolean,
    private readonly session: OnnxSession,
  ) {}

  static async load(opts: ArcFaceOnnxOptions): Promise<ArcFaceOnnx> {
    const session = await createSession(opts.model);
    return new ArcFaceOnnx(opts.id, opts.template, opts.dims, opts.flip ?? false, session);
  }

  /** The model's raw output for one chip (batch size 1 is fixed in the graph). */
  private async forward(chip: FaceChip, mirror: boolean): Promise<Float32Array> {
    const s = this.template.size;
    const out = await run(this.session, arcFaceInput(chip, mirror), [1, 3, s, s]);
    if (out.length !== this.dims)
      throw new Error(`${this.id}: model output has ${out.length} values, not ${this.dims}`);
    return out;
  }

  async embed(chips: readonly FaceChip[]): Promise<Float32Array[]> {
    const result: Float32Array[] = [];
    for (const chip of chips) {
      if (chip.size !== this.template.size) {
        throw new Error(`${this.id} expects ${this.template.size}px chips, got ${chip.size}`);
      }
      const v = new Float32Array(await this.forward(chip, false));
      if (this.flip) {
        const m = await this.forward(chip, true);
        for (let i = 0; i < v.length; i++) v[i] = v[i]! + m[i]!;
      }
      result.push(l2normalize(v));
    }
    return result;
  }

  dispose(): void {
    void this.session.dispose();
  }
}
