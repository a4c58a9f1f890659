/**
 * Several embedders as one model version: each part aligns the face on its own template and embeds it, and the
 * template is the parts' vectors one after another. Scores come from matching/fusion.ts (z-normalised, weighted).
 */
import { alignFace, type FaceChip } from '../align/align-face.js';
import type { AlignmentTemplate } from '../align/templates.js';
import type { FusionMetric } from '../matching/fusion.js';
import type { Landmarks5, RgbImage } from '../types.js';
import type { Embedder } from './embedder.js';

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

  async embedFace(image: RgbImage, landmarks: Landmarks5): Promise<Float32Array> {
    const out = new Float32Array(this.dims);
    let offset = 0;
    for (const part of this.parts) {
      const [v] = await part.embed([alignFace(image, landmarks, part.template)]);
      out.set(v!, offset);
      offset += part.dims;
    }
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
