/**
 * The FaceEngine on TensorFlow.js: decode -> detect (MTCNN) -> quality -> align -> PAD (liveness) -> embed.
 * Models are loaded once and reused; every tensor made per call is released before it returns.
 */
import { decodeImage, type DecodeOptions } from './decode/decode-image.js';
import { findFaces, type FindFacesOptions } from './detect/find-faces.js';
import type { Mtcnn } from './detect/mtcnn/mtcnn.js';
import { alignFace } from './align/align-face.js';
import type { Embedder } from './embed/embedder.js';
import type { PresentationAttackDetector } from './pad/presentation-attack-detector.js';
import { assessQuality } from './quality/assess-quality.js';
import type { QualityPolicy } from './quality/assess-quality.js';
import { similarity, type SimilarityMetric } from './matching/similarity.js';
import type { AnalyzeOptions, FaceAnalysis, FaceEngine } from './face-engine.js';
import type { Detection } from './types.js';
import { FACE_WORK_DECODE_LIMITS } from './decode/decode-limits.js';

export interface TfjsFaceEngineOptions {
  /** Decode limits and the working resolution: larger photos are shrunk while decoding. */
  decode: DecodeOptions;
  find: Partial<FindFacesOptions>;
  quality: Partial<QualityPolicy>;
}

export const DEFAULT_ENGINE_OPTIONS: TfjsFaceEngineOptions = {
  // 1280 px keeps a 20 px face findable in a group photo while bounding detector cost on 12 MP phone photos; the
  // pixel caps keep one huge PNG from holding the CPU and memory for seconds (decode-limits.ts).
  decode: { maxSide: 1280, ...FACE_WORK_DECODE_LIMITS },
  find: {},
  quality: {},
};

const now = () => performance.now();

function toOriginal(d: Detection, scale: number): Detection {
  if (scale === 1) return d;
  const s = 1 / scale;
  return {
    score: d.score,
    box: { x: d.box.x * s, y: d.box.y * s, width: d.box.width * s, height: d.box.height * s },
    landmarks: d.landmarks.map((p) => ({ x: p.x * s, y: p.y * s })) as unknown as Detection['landmarks'],
  };
}

export class TfjsFaceEngine implements FaceEngine {
  readonly modelVersion: string;
  readonly dims: number;
  readonly metric: SimilarityMetric;

  constructor(
    private readonly mtcnn: Mtcnn,
    private readonly embedder: Embedder,
    private readonly options: TfjsFaceEngineOptions = DEFAULT_ENGINE_OPTIONS,
    /** Absent: no liveness is reported. */
    private readonly pad?: PresentationAttackDetector,
  ) {
    this.modelVersion = embedder.id;
    this.dims = embedder.dims;
    this.metric = embedder.metric;
  }

  async analyze(bytes: Uint8Array, options: AnalyzeOptions = {}): Promise<FaceAnalysis> {
    const t0 = now();
    const decoded = await decodeImage(bytes, this.options.decode);
    const { image, scale } = decoded;
    const t1 = now();
    const find = {
      ...this.options.find,
      ...(options.minFaceFraction ? { minFaceFraction: options.minFaceFraction } : {}),
    };
    const found = await findFaces(this.mtcnn, image, find);
    const t2 = now();
    const base = {
      width: decoded.originalWidth,
      height: decoded.originalHeight,
      padded: found.pass === 'padded' || found.pass === 'whole-crop',
    };
    const primaryDet = found.faces[0];
    if (!primaryDet) {
      return {
        ...base,
        faces: [],
        timings: { decode: t1 - t0, detect: t2 - t1, align: 0, pad: 0, embed: 0, total: now() - t0 },
      };
    }
    const quality = assessQuality(image, found.faces, primaryDet, this.options.quality);
    // Sizes are reported in the photo's own pixels, not the working resolution.
    quality.faceSize /= scale;
    quality.interOcular /= scale;
    // A fused embedder aligns its own chips (one per part) inside embedFace.
    const chip = this.embedder.embedFace ? undefined : alignFace(image, primaryDet.landmarks, this.embedder.template);
    const t3 = now();
    // On the working image the landmarks were found in, so the texture is judged at the resolution it was seen.
    const pad = options.liveness === false ? undefined : this.pad;
    const liveness = await pad?.assess(image, primaryDet);
    const t4 = pad ? now() : t3;
    const embedding =
      options.embed === false
        ? undefined
        : chip
          ? (await this.embedder.embed([chip]))[0]
          : await this.embedder.embedFace?.(image, primaryDet.landmarks);
    const t5 = now();
    return {
      ...base,
      faces: found.faces.map((f) => toOriginal(f, scale)),
      primary: {
        detection: toOriginal(primaryDet, scale),
        quality,
        ...(embedding ? { embedding } : {}),
        ...(liveness ? { liveness } : {}),
      },
      timings: { decode: t1 - t0, detect: t2 - t1, align: t3 - t2, pad: t4 - t3, embed: t5 - t4, total: t5 - t0 },
    };
  }

  similarity(a: Float32Array, b: Float32Array): number {
    return similarity(this.embedder.metric, a, b);
  }

  /** The same engine (detector, options, PAD) with another embedder: how several model versions share one detector. */
  withEmbedder(embedder: Embedder): TfjsFaceEngine {
    return new TfjsFaceEngine(this.mtcnn, embedder, this.options, this.pad);
  }
}
