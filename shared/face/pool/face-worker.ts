/**
 * The entry point of one face worker thread (run by PooledFaceEngines through piscina): its own tfjs runtime and
 * the real engine built by createFaceEngine, so whatever the engine does (detector, embedders, PAD) runs here
 * unchanged. Keep this the single entry file: the function bundler follows its imports from
 * pooled-face-engines.ts's `new URL('./face-worker.js', import.meta.url)`.
 */
import { threadId } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { createFaceEngine } from '../create-face-engine.js';
import { LazyFaceEngines } from '../face-engines.js';
import type { FaceAnalysis } from '../face-engine.js';
import { readModelManifest } from '../models/model-manifest.js';
import {
  serializeError,
  type AnalyzeReply,
  type AnalyzeTask,
  type DescribeReply,
  type DescribeTask,
  type FaceWorkerData,
} from './face-worker-protocol.js';

const data = (workerData ?? {}) as FaceWorkerData;
let engines: Promise<{ engines: LazyFaceEngines; backend: Awaited<ReturnType<typeof createFaceEngine>>['backend'] }>;

function load() {
  engines ??= (async () => {
    const manifest = readModelManifest();
    const base = await createFaceEngine({ manifest, ...(data.pad === undefined ? {} : { pad: data.pad }) });
    return { engines: new LazyFaceEngines(base, manifest), backend: base.backend };
  })();
  return engines;
}

export async function describe(task: DescribeTask): Promise<DescribeReply> {
  try {
    const { engines: all, backend } = await load();
    const engine = await all.get(task.version);
    return {
      ok: true,
      value: { modelVersion: engine.modelVersion, dims: engine.dims, metric: engine.metric, backend, threadId },
    };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

export async function analyze(task: AnalyzeTask): Promise<AnalyzeReply> {
  let analysis: FaceAnalysis;
  try {
    const engine = await (await load()).engines.get(task.version);
    analysis = await engine.analyze(task.bytes, task.options);
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
  const embedding = analysis.primary?.embedding;
  if (!analysis.primary || !embedding) return { ok: true, value: analysis };
  // Hand the embedding's memory to the main thread instead of copying it.
  const own = embedding.byteOffset === 0 && embedding.byteLength === embedding.buffer.byteLength;
  const sent = own ? embedding : embedding.slice();
  analysis.primary.embedding = sent;
  const reply: AnalyzeReply = { ok: true, value: analysis };
  const movable = { [transferableSymbol]: [sent.buffer], [valueSymbol]: reply };
  return move(movable) as unknown as AnalyzeReply;
}
