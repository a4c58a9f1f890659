/**
 * The one place that knows about onnxruntime-node: open a model file, run it on float32 tensors. CPU only, one
 * intra-op thread (the service runs one analysis per worker; several threads per call would fight over the cores,
 * and one thread keeps the outputs bit-for-bit repeatable, which `train:pad` relies on).
 */
import * as ort from 'onnxruntime-node';

export interface Tensor {
  data: Float32Array;
  dims: readonly number[];
}

export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** @internal the runtime's session; use `run`. */
  readonly session: ort.InferenceSession;
}

export async function createSession(path: string): Promise<OnnxSession> {
  const session = await ort.InferenceSession.create(path, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  return { inputNames: session.inputNames, outputNames: session.outputNames, session };
}

/** Run the model on named float32 inputs; returns every output by name. */
export async function run(session: OnnxSession, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  const inputs: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) inputs[name] = new ort.Tensor('float32', t.data, t.dims);
  const outputs = await session.session.run(inputs);
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(outputs)) {
    if (t.type !== 'float32') throw new TypeError(`ONNX output ${name} is ${t.type}, expected float32`);
    out[name] = { data: t.data as Float32Array, dims: t.dims };
  }
  return out;
}
