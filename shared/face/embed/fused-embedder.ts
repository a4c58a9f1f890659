/**
 * Several embedders as one model version: each part aligns the face on its own template and embeds it, and the
 * template is the parts' vectors one after another. Scores come from matching/fusion.ts (z-normalised, weighted).
 */
import { alignFace, type FaceChip } from '../align/align-face.js';
import type { AlignmentTemplate } from '../align/templates.js';
import type { FusionMetric } from '../matching/fusion.js';
import type { Landmarks5, RgbImage } from '../types.js';
import type { Embedder } from './embedder.js';

const rank = (e: Embedder): number => (e.runsOffThread ? 0 : 1);

export class FusedEmbedder implements Embedder {
  readonly dims: number;
  /** The first part's template: what callers that crop one chip (PAD, thumbnails) align to. */
  readonly template: AlignmentTemplate;

  constructor(
    readonly id: string,
    private readonly parts: readonly Embedder[],
    readonly metric: FusionMetric,
  ) {
    if (parts.length !== metric.parts.length)
      throw new Error(`${id}: ${parts.length} embedders for ${metric.parts.length} fusion parts`);
    parts.forEach((p, i) => {
      if (p.dims !== metric.parts[i]!.dims)
        throw new Error(`${id}: part ${p.id} has ${p.dims} dims, fusion says ${metric.parts[i]!.dims}`);
    });
    this.dims = parts.reduce((s, p) => s + p.dims, 0);
    this.template = parts[0]!.template;
  }

  /**
   * The parts whose forward pass runs on a native thread (ArcFace on onnxruntime) start first, so the JS-thread
   * parts (FRN on tfjs wasm) run while they do: the embed stage costs about the longer part, not the sum. Same
   * vectors as one part after the other.
   */
  async embedFace(image: RgbImage, landmarks: Landmarks5): Promise<Float32Array> {
    const offsets = this.parts.map((_, i) => this.parts.slice(0, i).reduce((s, p) => s + p.dims, 0));
    const order = this.parts.map((_, i) => i).sort((a, b) => rank(this.parts[a]!) - rank(this.parts[b]!));
    const out = new Float32Array(this.dims);
    // Each async call runs synchronously up to its first await: the off-thread part hands its input to the native
    // thread there, then the next part's wasm work starts.
    await Promise.all(
      order.map(async (i) => {
        const part = this.parts[i]!;
        const [v] = await part.embed([alignFace(image, landmarks, part.template)]);
        out.set(v!, offsets[i]);
      }),
    );
    return out;
  }

  /** Chips are aligned for one template only; a fusion needs the face itself (embedFace). */
  embed(chips: readonly FaceChip[]): Promise<Float32Array[]> {
    if (chips.length === 0) return Promise.resolve([]);
    return Promise.reject(new Error(`${this.id} is a fusion: embed faces with embedFace(image, landmarks)`));
  }

  dispose(): void {
    for (const p of this.parts) p.dispose();
  }
}
