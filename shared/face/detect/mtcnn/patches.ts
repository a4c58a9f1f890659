/**
 * Cuts square candidate boxes out of the normalised image and resizes them to a net's input size, batched.
 * Large boxes are cut from a 2x/4x/8x average-pooled copy of the image, so that shrinking a 400 px face to 48 px
 * averages pixels (like the original's area resize) instead of aliasing, which would jitter the O-Net landmarks.
 */
import { tf } from '../../runtime/tf.js';
import type { Candidate } from './boxes.js';

/** Normalised BGR value of a black pixel: the original pads out-of-image areas with zeros before normalising. */
export const PAD_VALUE = -127.5 / 128;

export class PatchSource {
  private readonly levels: tf.Tensor4D[];

  constructor(private readonly image: tf.Tensor4D) {
    this.levels = [image];
  }

  private level(k: number): tf.Tensor4D {
    while (this.levels.length <= k) {
      const prev = this.levels[this.levels.length - 1]!;
      // keep(): levels are built lazily inside extract()'s tidy but must outlive it.
      this.levels.push(tf.keep(tf.avgPool(prev, 2, 2, 'valid')));
    }
    return this.levels[k]!;
  }

  /** The average-pooled copy at the coarsest level whose shrink factor does not exceed `shrink`. */
  levelFor(shrink: number): tf.Tensor4D {
    return this.level(Math.max(0, Math.min(5, Math.floor(Math.log2(shrink)))));
  }

  /** Patches in the order of `boxes`, transposed to (N, W, H, C) as the nets expect. */
  extract(boxes: readonly Candidate[], size: number): tf.Tensor4D {
    const groups = new Map<number, number[]>();
    boxes.forEach((b, i) => {
      const side = Math.max(b.x2 - b.x1, b.y2 - b.y1);
      const k = Math.max(0, Math.min(3, Math.floor(Math.log2(side / size))));
      const list = groups.get(k) ?? [];
      list.push(i);
      groups.set(k, list);
    });
    return tf.tidy(() => {
      const parts: tf.Tensor4D[] = [];
      const order: number[] = [];
      for (const [k, idx] of groups) {
        const src = this.level(k);
        const [, h, w] = src.shape;
        const f = 2 ** k;
        // Box corners are pixel centres of the full image; at level k a pixel centre x maps to (x + 0.5) / f - 0.5.
        const coords = idx.flatMap((i) => {
          const b = boxes[i]!;
          return [
            ((b.y1 + 0.5) / f - 0.5) / (h - 1),
            ((b.x1 + 0.5) / f - 0.5) / (w - 1),
            ((b.y2 + 0.5) / f - 0.5) / (h - 1),
            ((b.x2 + 0.5) / f - 0.5) / (w - 1),
          ];
        });
        const crops = tf.image.cropAndResize(
          src,
          tf.tensor2d(coords, [idx.length, 4]),
          tf.zeros<tf.Rank.R1>([idx.length], 'int32'),
          [size, size],
          'bilinear',
          PAD_VALUE,
        );
        parts.push(crops);
        order.push(...idx);
      }
      let batch = parts.length === 1 ? parts[0]! : tf.concat(parts, 0);
      if (parts.length > 1) {
        const inverse = new Int32Array(order.length);
        order.forEach((orig, pos) => (inverse[orig] = pos));
        batch = tf.gather(batch, tf.tensor1d(inverse, 'int32'));
      }
      return tf.transpose(batch, [0, 2, 1, 3]);
    });
  }

  dispose(): void {
    // Level 0 is the caller's tensor.
    for (const t of this.levels.slice(1)) t.dispose();
    this.levels.length = 1;
  }

  get tensor(): tf.Tensor4D {
    return this.image;
  }
}
