/**
 * The PAD feature vector: multi-scale u2 LBP histograms over a grid of blocks of each colour channel of the aligned
 * face (Määttä, Hadid and Pietikäinen 2011 on grey levels; Boulkenafet et al. 2015 on colour channels).
 */
import { colourPlanes, type ColourSpace } from './colour-planes.js';
import { gridRegions, lbpCodes, regionHistograms, uniformMapping } from './lbp.js';

/** One LBP operator: P neighbours at radius R, histograms over a grid x grid split of the chip. */
export interface LbpOperator {
  points: number;
  radius: number;
  grid: number;
  /** Overlap of neighbouring blocks, 0..1 of a block (Määttä used overlapping 3x3 blocks). */
  overlap?: number;
}

export interface TextureFeatureSpec {
  colourSpaces: ColourSpace[];
  operators: LbpOperator[];
  /** Square root of each histogram bin (Hellinger map): a linear model then compares histograms more fairly. */
  sqrt: boolean;
}

const PLANES_PER_SPACE: Record<ColourSpace, number> = { gray: 1, ycbcr: 3, hsv: 3 };

export function featureLength(spec: TextureFeatureSpec): number {
  const planes = spec.colourSpaces.reduce((n, s) => n + PLANES_PER_SPACE[s], 0);
  const perPlane = spec.operators.reduce((n, o) => n + o.grid * o.grid * uniformMapping(o.points).bins, 0);
  return planes * perPlane;
}

/** Texture features of an RGB chip (`size` x `size`, HWC). */
export function textureFeatures(rgb: Uint8Array, size: number, spec: TextureFeatureSpec): Float32Array {
  const out = new Float32Array(featureLength(spec));
  let at = 0;
  for (const plane of colourPlanes(rgb, size, size, spec.colourSpaces)) {
    for (const op of spec.operators) {
      const codes = lbpCodes(plane, op.points, op.radius);
      at = regionHistograms(
        codes,
        size,
        uniformMapping(op.points),
        gridRegions(size, size, op.grid, op.overlap ?? 0),
        out,
        at,
      );
    }
  }
  if (spec.sqrt) for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(out[i]!);
  return out;
}
