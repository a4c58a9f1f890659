/**
 * A FaceEngine for use-case tests that need no pixels: a "capture" is a small JSON text naming the person shown
 * and the head's yaw, and each person's embedding is a one-hot vector, so the same person scores 1 and anyone
 * else 0. Anything else is `not_an_image`, as the real engine says of bytes it cannot decode.
 */
import type { LoadedFaceEngine } from './create-face-engine.js';
import { PROBE_IMAGE, PROBE_SIDE } from './engine-probe.js';
import { ImageError } from './errors.js';
import type { FaceAnalysis } from './face-engine.js';
import { readModelManifest } from './models/model-manifest.js';
import type { QualityReport } from './quality/quality-report.js';

export interface ScriptedFace {
  /** Who is shown; `null` for a frame with no face. */
  person: string | null;
  /** Degrees; positive = turned towards the subject's own left. */
  yaw?: number;
}

const DIMS = 16;

/** The bytes of a scripted capture. */
export function scriptedCapture(face: ScriptedFace): Buffer {
  return Buffer.from(JSON.stringify(face));
}

function parse(bytes: Uint8Array): ScriptedFace {
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as ScriptedFace;
    if (value && typeof value === 'object' && 'person' in value) return value;
  } catch {
    // fall through: not a scripted capture
  }
  throw new ImageError('not_an_image', 'not a scripted capture');
}

export function scriptedFaceEngine(): LoadedFaceEngine {
  const people = new Map<string, number>();
  const embeddingOf = (person: string) => {
    if (!people.has(person)) people.set(person, people.size % DIMS);
    const v = new Float32Array(DIMS);
    v[people.get(person) ?? 0] = 1;
    return v;
  };
  const timings = { decode: 1, detect: 1, align: 1, embed: 1, total: 4 };
  const manifest = readModelManifest();
  const version = manifest.activeEmbedder;
  // The default version's threshold may be on another scale than a cosine (the fused model's scores run past 3):
  // the same person scores twice that threshold (at least 1), anyone else 0, whatever the default is.
  const samePerson = Math.max(1, 2 * (manifest.embedders[version]?.thresholds['1e-3'] ?? 0.5));
  return {
    // Named as the manifest's default version, so a composition built around it serves every tenant with it.
    modelVersion: version,
    dims: DIMS,
    metric: 'cosine',
    backend: 'cpu',
    loadTimings: { backendMs: 0, modelsMs: 0 },
    analyze(bytes: Uint8Array): Promise<FaceAnalysis> {
      // The health check's probe (a grey image, no face), answered as the real engine answers it.
      if (Buffer.from(PROBE_IMAGE).equals(bytes)) {
        return Promise.resolve({ width: PROBE_SIDE, height: PROBE_SIDE, faces: [], padded: false, timings });
      }
      const face = parse(bytes);
      if (face.person === null) return Promise.resolve({ width: 640, height: 480, faces: [], padded: false, timings });
      const p = (x: number, y: number) => ({ x, y });
      const detection = {
        box: { x: 200, y: 120, width: 240, height: 240 },
        score: 0.99,
        landmarks: [p(270, 200), p(370, 200), p(320, 250), p(280, 300), p(360, 300)] as const,
      };
      const quality: QualityReport = {
        faceCount: 1,
        faceSize: 240,
        interOcular: 100,
        detectionScore: 0.99,
        sharpness: 200,
        brightness: 120,
        contrast: 50,
        yaw: face.yaw ?? 0,
        pitch: 0,
        roll: 0,
        failures: [],
      };
      return Promise.resolve({
        width: 640,
        height: 480,
        faces: [detection],
        primary: { detection, quality, embedding: embeddingOf(face.person) },
        padded: false,
        timings,
      });
    },
    withEmbedder(): never {
      throw new Error('the scripted engine has one version only');
    },
    similarity(a: Float32Array, b: Float32Array): number {
      let dot = 0;
      for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
      return dot * samePerson;
    },
  };
}
