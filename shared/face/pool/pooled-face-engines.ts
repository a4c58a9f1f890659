/**
 * FaceEngines whose face work (decode, detect, align, PAD, embed) runs in a pool of worker threads, one tfjs
 * runtime per worker (./face-worker.ts builds the real engine with createFaceEngine). The calling thread keeps only
 * parsing, authorising and answering, so its event loop stays free and every core does face work. An adapter of
 * the FaceEngine port: use cases cannot tell it from the in-process engine.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { UnknownModelVersionError } from '../errors.js';
import type { AnalyzeOptions, FaceAnalysis, FaceEngine } from '../face-engine.js';
import type { FaceEngines } from '../face-engines.js';
import { similarity, type SimilarityMetric } from '../matching/similarity.js';
import type { ModelManifest } from '../models/model-manifest.js';
import type { BackendName } from '../runtime/tf.js';
import {
  deserializeError,
  type AnalyzeReply,
  type AnalyzeTask,
  type DescribeReply,
  type EngineDescription,
  type FaceWorkerData,
} from './face-worker-protocol.js';

// A literal `new URL('./x.js', import.meta.url)`: the function bundler follows it to put the worker in the bundle.
const WORKER_JS = new URL('./face-worker.js', import.meta.url);

/** From TypeScript source (tsx, vitest) the worker needs tsx's hooks first: face-worker-from-source.mjs. */
function workerFilename(): string {
  return fileURLToPath(
    import.meta.url.endsWith('.ts') ? new URL('./face-worker-from-source.mjs', import.meta.url) : WORKER_JS,
  );
}

export interface PooledFaceEnginesOptions {
  /** Worker threads (≥ 1), usually the number of cores. */
  threads: number;
  manifest: ModelManifest;
  /** PAD model id, `false` = no liveness, absent = the manifest's active one. */
  pad?: string | false;
}

/** One model version's engine, its work sent to the pool. */
export class PooledFaceEngine implements FaceEngine {
  readonly modelVersion: string;
  readonly dims: number;
  readonly metric: SimilarityMetric;
  readonly backend: BackendName;

  constructor(
    private readonly pool: Piscina,
    description: EngineDescription,
  ) {
    this.modelVersion = description.modelVersion;
    this.dims = description.dims;
    this.metric = description.metric;
    this.backend = description.backend;
  }

  async analyze(bytes: Uint8Array, options: AnalyzeOptions = {}): Promise<FaceAnalysis> {
    // A copy the worker can own (transferred, not cloned): the caller keeps its bytes, and a view into Node's
    // shared Buffer pool is never detached.
    const own = new Uint8Array(bytes);
    const task: AnalyzeTask = { version: this.modelVersion, bytes: own, options };
    const reply = (await this.pool.run(task, { name: 'analyze', transferList: [own.buffer] })) as AnalyzeReply;
    if (!reply.ok) throw deserializeError(reply.error);
    return reply.value;
  }

  similarity(a: Float32Array, b: Float32Array): number {
    return similarity(this.metric, a, b);
  }
}

export class PooledFaceEngines implements FaceEngines {
  readonly defaultVersion: string;
  readonly versions: readonly string[];
  private readonly described = new Map<string, Promise<PooledFaceEngine>>();
  /** Thread ids of the workers that loaded the default version during `start` (one per worker). */
  loadedIn: readonly number[] = [];

  private constructor(
    private readonly pool: Piscina,
    private readonly manifest: ModelManifest,
  ) {
    this.defaultVersion = manifest.activeEmbedder;
    this.versions = Object.keys(manifest.embedders);
  }

  /**
   * Starts the pool and loads the default version's models in every worker before returning, so the first
   * requests do not pay for model loading (and a broken model fails the start, not a request).
   */
  static async start(options: PooledFaceEnginesOptions): Promise<PooledFaceEngines> {
    if (!Number.isInteger(options.threads) || options.threads < 1)
      throw new RangeError(`threads must be a whole number ≥ 1, got ${options.threads}`);
    const workerData: FaceWorkerData = options.pad === undefined ? {} : { pad: options.pad };
    const pool = new Piscina({
      filename: workerFilename(),
      minThreads: options.threads,
      maxThreads: options.threads,
      // Loaded models are the point of a worker: never retire an idle one.
      idleTimeout: Number.POSITIVE_INFINITY,
      // Not 'sync': a worker blocked in Atomics.wait between messages delays the async parts of an analysis (the
      // sharp decode's callbacks); measured side by side, stages ran up to 2x slower than on the main thread.
      atomics: 'async',
      workerData,
    });
    const engines = new PooledFaceEngines(pool, options.manifest);
    try {
      // A worker takes one task at a time and loading takes seconds, so N first tasks land on N workers.
      const loaded = await Promise.all(
        Array.from({ length: options.threads }, () => engines.describe(engines.defaultVersion)),
      );
      const [base] = loaded;
      if (!base) throw new RangeError('no worker started');
      engines.described.set(engines.defaultVersion, Promise.resolve(new PooledFaceEngine(pool, base)));
      engines.loadedIn = loaded.map((d) => d.threadId);
    } catch (error) {
      await pool.destroy();
      throw error;
    }
    return engines;
  }

  get threads(): number {
    return this.pool.maxThreads;
  }

  /** The default version's engine (loaded in every worker by `start`). */
  async base(): Promise<PooledFaceEngine> {
    return this.get(this.defaultVersion);
  }

  get(version: string): Promise<PooledFaceEngine> {
    if (!Object.hasOwn(this.manifest.embedders, version))
      return Promise.reject(new UnknownModelVersionError(version, this.versions));
    let engine = this.described.get(version);
    if (!engine) {
      engine = this.describe(version).then((d) => new PooledFaceEngine(this.pool, d));
      // A failed load (a missing weight file, say) is retried by the next caller rather than cached.
      engine.catch(() => this.described.delete(version));
      this.described.set(version, engine);
    }
    return engine;
  }

  /** Stops the workers (waiting for tasks in flight). */
  close(): Promise<void> {
    return this.pool.close();
  }

  private async describe(version: string): Promise<EngineDescription> {
    const reply = (await this.pool.run({ version }, { name: 'describe' })) as DescribeReply;
    if (!reply.ok) throw deserializeError(reply.error);
    return reply.value;
  }
}
