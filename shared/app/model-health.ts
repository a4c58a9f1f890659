/**
 * The `models` check of /healthz: the default embedder version loads and its engine really analyses an image
 * (shared/face/engine-probe.ts). A success is remembered per engine, so a frequently polled /healthz costs one
 * inference per process; a failure is tried again on the next call.
 */
import type { FaceEngine } from '../face/face-engine.js';
import type { FaceEngines } from '../face/face-engines.js';
import { probeEngine } from '../face/engine-probe.js';

const usable = new WeakMap<FaceEngine, Promise<void>>();

/** `ok`, or `error: <why>`. */
export async function checkModels(engines: FaceEngines): Promise<string> {
  try {
    const engine = await engines.get(engines.defaultVersion);
    let probe = usable.get(engine);
    if (!probe) {
      probe = probeEngine(engine);
      usable.set(engine, probe);
      probe.catch(() => usable.delete(engine));
    }
    await probe;
    return 'ok';
  } catch (err) {
    return `error: ${err instanceof Error ? err.message : String(err)}`;
  }
}
