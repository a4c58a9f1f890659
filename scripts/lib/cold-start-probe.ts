/**
 * Run by `bench` in a fresh Node process: load the engine and analyse one image, timing each step, and print one
 * JSON line on stdout. Everything heavy is imported dynamically so module loading is timed too.
 * Usage: node --import tsx scripts/lib/cold-start-probe.ts <image> [embedder]
 */
import { readFile } from 'node:fs/promises';

// performance.now() counts from process start: this is Node + tsx boot time before our first line ran.
const startup = performance.now();
const [image, embedder] = process.argv.slice(2);
if (!image) {
  process.stderr.write('usage: cold-start-probe.ts <image> [embedder]\n');
  process.exit(2);
}
const bytes = new Uint8Array(await readFile(image));
const beforeImport = performance.now();
const { createFaceEngine } = await import('../../shared/face/create-face-engine.js');
const imported = performance.now();
const engine = await createFaceEngine(embedder ? { embedder } : {});
const loaded = performance.now();
const analysis = await engine.analyze(bytes);
const done = performance.now();

const result = {
  startup_ms: startup,
  import_ms: imported - beforeImport,
  backend_ms: engine.loadTimings.backendMs,
  models_ms: engine.loadTimings.modelsMs,
  engine_ms: loaded - imported,
  first_inference_ms: done - loaded,
  first_inference_stages_ms: analysis.timings,
  faces: analysis.faces.length,
  process_to_first_result_ms: done,
  rss_mb: process.memoryUsage().rss / 2 ** 20,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
