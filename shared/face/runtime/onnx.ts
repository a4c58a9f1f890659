/**
 * The one place that knows how ONNX models run: onnxruntime-node on the CPU. Sessions are created once per model
 * file and reused; each `run` is one forward pass. Kept small (createSession, run) so every ONNX model in the
 * project shares it.
 */
import * as ort from 'onnxruntime-node';

export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** One forward pass: named float32 inputs with their shapes in, the named outputs' data out. */
  run(feeds: Record<string, { data: Float32Array; dims: readonly number[] }>): Promise<Record<string, Float32Array>>;
  dispose(): Promise<void>;
}

export interface SessionOptions {
  /** Threads inside one operator; default 1: the service scales by processes and workers, not by intra-op threads. */
  intraOpThreads?: number;
  /** Default 'extended' (see below); the PAD model keeps the 'all' its figures were measured with. */
  graphOptimization?: 'extended' | 'all';
}

/** Loads an ONNX model (a file path or its bytes, e.g. after a sha256 check). */
export async function createSession(model: string | Uint8Array, options: SessionOptions = {}): Promise<OnnxSession> {
  const opts: ort.InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    intraOpNumThreads: options.intraOpThreads ?? 1,
    interOpNumThreads: 1,
    // 'all' adds the NCHWc layout transforms, which made the 112px ArcFace model 4x slower on this CPU (85-98 ms vs
    // 20-25 ms per face with 'extended', measured with onnxruntime-node 1.31.1 on the 2-core Xeon).
    graphOptimizationLevel: options.graphOptimization ?? 'extended',
  };
  const session =
    typeof model === 'string'
      ? await ort.InferenceSession.create(model, opts)
      : await ort.InferenceSession.create(model, opts);
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds) {
      const tensors: Record<string, ort.Tensor> = {};
      for (const [name, { data, dims }] of Object.entries(feeds)) tensors[name] = new ort.Tensor('float32', data, dims);
      const out = await session.run(tensors);
      const result: Record<string, Float32Array> = {};
      for (const [name, t] of Object.entries(out)) {
        if (t.type !== 'float32') throw new Error(`ONNX output ${name} is ${t.type}, expected float32`);
        result[name] = t.data as Float32Array;
      }
      return result;
    },
    dispose: () => session.release(),
  };
}

/** `session.run` of a single-input, single-output model. */
export async function run(session: OnnxSession, data: Float32Array, dims: readonly number[]): Promise<Float32Array> {
  const input = session.inputNames[0];
  const output = session.outputNames[0];
  if (!input || !output) throw new Error('ONNX model has no input or no output');
  const out = await session.run({ [input]: { data, dims } });
  const result = out[output];
  if (!result) throw new Error(`ONNX model produced no "${output}"`);
  return result;
}
