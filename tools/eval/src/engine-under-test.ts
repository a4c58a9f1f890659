/** Loads the real face engine for a CLI and says which backend it landed on. */
import { createFaceEngine } from '../../../shared/face/create-face-engine.js';
import { initTf } from '../../../shared/face/runtime/tf.js';
import type { EngineUnderTest } from './evaluation-pipeline.js';

export async function loadEngineUnderTest(embedder: string): Promise<EngineUnderTest> {
  const engine = await createFaceEngine({ embedder });
  // initTf() is memoised: this returns the backend the engine was built on, without initialising anything.
  const backend = await initTf();
  return { engine, embedder, backend, loadTimings: engine.loadTimings };
}
