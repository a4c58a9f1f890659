/**
 * MTCNN face detector (Zhang et al., 2016): P-Net proposes windows over an image pyramid, R-Net and O-Net refine
 * them in batches, O-Net also gives five landmarks. Written for this project from the original's algorithm; the
 * weights are face-api.js's conversion of the Caffe models, pinned and sha256-checked via models/manifest.json.
 */
import { tf } from '../../runtime/tf.js';
import { loadWeights, type PinnedWeights } from '../../models/weights.js';
import type { Detection, Landmarks5, RgbImage } from '../../types.js';
import { nms, regress, roundBox, square, type Candidate } from './boxes.js';
import { buildMtcnnParams, disposeMtcnnParams, onet, pnet, rnet, type MtcnnParams } from './mtcnn-nets.js';
import { PatchSource } from './patches.js';
import { pyramidScales } from './pyramid.js';

export interface MtcnnOptions {
  /** Smallest face to find, in pixels. */
  minFace: number;
  /** Pyramid step. */
  factor: number;
  /** Score thresholds of P-Net, R-Net, O-Net. */
  thresholds: readonly [number, number, number];
}

export const DEFAULT_MTCNN_OPTIONS: MtcnnOptions = { minFace: 20, factor: 0.709, thresholds: [0.6, 0.7, 0.7] };

type Reg = [number, number, number, number];
interface Proposal extends Candidate {
  reg: Reg;
}

const sigmoidDiff = (bg: number, face: number): number => 1 / (1 + Math.exp(bg - face));

/** Image as a (1, H, W, 3) tensor in the nets' input space: BGR, (x - 127.5) / 128. */
export function toNetInput(image: RgbImage): tf.Tensor4D {
  const { data, width, height } = image;
  const out = new Float32Array(width * height * 3);
  for (let i = 0; i < out.length; i += 3) {
    out[i] = (data[i + 2]! - 127.5) * 0.0078125;
    out[i + 1] = (data[i + 1]! - 127.5) * 0.0078125;
    out[i + 2] = (data[i]! - 127.5) * 0.0078125;
  }
  return tf.tensor4d(out, [1, height, width, 3]);
}

export class Mtcnn {
  private constructor(private readonly params: MtcnnParams) {}

  static async load(weights: PinnedWeights): Promise<Mtcnn> {
    return new Mtcnn(buildMtcnnParams(await loadWeights(weights)));
  }

  dispose(): void {
    disposeMtcnnParams(this.params);
  }

  /** All faces in the image, highest score first. */
  async detect(image: RgbImage, options: Partial<MtcnnOptions> = {}): Promise<Detection[]> {
    const opts = { ...DEFAULT_MTCNN_OPTIONS, ...options };
    const input = toNetInput(image);
    const source = new PatchSource(input);
    try {
      const stage1 = await this.proposals(source, image, opts);
      if (stage1.length === 0) return [];
      const stage2 = await this.refine(source, stage1, opts.thresholds[1]);
      if (stage2.length === 0) return [];
      return await this.output(source, stage2, opts.thresholds[2]);
    } finally {
      source.dispose();
      input.dispose();
    }
  }

  /**
   * O-Net alone on given square boxes: used when P-Net finds nothing in a tight face crop, by offering the whole
   * crop (and a few nested squares) as candidates.
   */
  async detectInBoxes(image: RgbImage, boxes: Candidate[], threshold: number): Promise<Detection[]> {
    const input = toNetInput(image);
    const source = new PatchSource(input);
    try {
      return await this.output(source, boxes, threshold);
    } finally {
      source.dispose();
      input.dispose();
    }
  }

  private async proposals(source: PatchSource, image: RgbImage, opts: MtcnnOptions): Promise<Candidate[]> {
    const scales = pyramidScales(image.width, image.height, opts.minFace, opts.factor);
    const outputs = scales.map((scale) =>
      tf.tidy(() => {
        const h = Math.floor(image.height * scale);
        const w = Math.floor(image.width * scale);
        // Shrink by averaging 2x2 blocks first, then bilinear for the last factor < 2: a direct bilinear resize to a
        // 1/30 scale would sample only a few source pixels per output and P-Net misses faces in the aliasing.
        const level = source.levelFor(1 / scale);
        const resized = tf.image.resizeBilinear(level, [h, w], false, true);
        return pnet(tf.transpose(resized, [0, 2, 1, 3]), this.params.pnet);
      }),
    );
    const all: Proposal[] = [];
    for (let s = 0; s < scales.length; s++) {
      const out = outputs[s]!;
      const [, gw, gh] = out.shape; // transposed: first spatial axis is image x
      const d = await out.data();
      out.dispose();
      const scale = scales[s]!;
      const found: Proposal[] = [];
      for (let i = 0; i < gw; i++) {
        for (let j = 0; j < gh; j++) {
          const o = (i * gh + j) * 6;
          const score = sigmoidDiff(d[o]!, d[o + 1]!);
          if (score < opts.thresholds[0]) continue;
          found.push({
            x1: Math.round((2 * i + 1) / scale),
            y1: Math.round((2 * j + 1) / scale),
            x2: Math.round((2 * i + 12) / scale),
            y2: Math.round((2 * j + 12) / scale),
            score,
            reg: [d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!],
          });
        }
      }
      all.push(...nms(found, 0.5));
    }
    return nms(all, 0.7).map((p) => roundBox(square(regress(p, p.reg))));
  }

  private async refine(source: PatchSource, boxes: Candidate[], threshold: number): Promise<Candidate[]> {
    const out = tf.tidy(() => rnet(source.extract(boxes, 24), this.params.rnet));
    const d = await out.data();
    out.dispose();
    const kept: Proposal[] = [];
    boxes.forEach((b, n) => {
      const o = n * 6;
      const score = sigmoidDiff(d[o]!, d[o + 1]!);
      if (score > threshold) kept.push({ ...b, score, reg: [d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!] });
    });
    return nms(kept, 0.7).map((p) => roundBox(square(regress(p, p.reg))));
  }

  private async output(source: PatchSource, boxes: Candidate[], threshold: number): Promise<Detection[]> {
    const out = tf.tidy(() => onet(source.extract(boxes, 48), this.params.onet));
    const d = await out.data();
    out.dispose();
    interface Scored extends Candidate {
      landmarks: Landmarks5;
    }
    const kept: Scored[] = [];
    boxes.forEach((b, n) => {
      const o = n * 16;
      const score = sigmoidDiff(d[o]!, d[o + 1]!);
      if (score <= threshold) return;
      // Landmarks are relative to the box O-Net was shown, so decode them from that box, before regression.
      const w = b.x2 - b.x1;
      const h = b.y2 - b.y1;
      const pt = (k: number) => ({ x: b.x1 + d[o + 6 + k]! * w, y: b.y1 + d[o + 11 + k]! * h });
      const landmarks: Landmarks5 = [pt(0), pt(1), pt(2), pt(3), pt(4)];
      const r = regress(b, [d[o + 2]!, d[o + 3]!, d[o + 4]!, d[o + 5]!]);
      kept.push({ ...r, score, landmarks });
    });
    return nms(kept, 0.7, 'min').map((c) => ({
      box: { x: c.x1, y: c.y1, width: c.x2 - c.x1, height: c.y2 - c.y1 },
      score: c.score,
      landmarks: c.landmarks,
    }));
  }
}
