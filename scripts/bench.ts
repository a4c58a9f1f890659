/**
 * `npm run bench -- --out <dir>`: per-stage latency of the face engine on single-face ~640x480 photos, throughput,
 * memory, and a cold start measured in a fresh process. Prints a table and writes <out>/bench.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { itemAt } from '../shared/arrays/item-at.js';
import { stageLatency } from '../shared/eval/latency.js';
import { tf } from '../shared/face/runtime/tf.js';
import type { StageTimings } from '../shared/face/types.js';
import type { BenchImage } from './lib/bench-images.js';
import { buildSampleFrames, loadImageFolder } from './lib/bench-images.js';
import type { BenchResult } from './lib/bench-summary.js';
import { benchSummary } from './lib/bench-summary.js';
import { InputError, numberOption, parseToolOptions, runCli, UsageError } from './lib/cli.js';
import { measureColdStart } from './lib/cold-start.js';
import { measureFaceApiReference, type ReferenceFigures } from './lib/face-api-side-by-side.js';
import { minFaceOption } from './lib/evaluation-options.js';
import { loadEngineUnderTest } from './lib/engine-under-test.js';
import { DEFAULT_MANIFEST, readManifest, resolveEmbedder } from './lib/manifest-thresholds.js';
import { repoRelative } from './lib/repo-paths.js';

const USAGE = `usage: npm run bench -- --out <dir> [options]

  --out <dir>         where bench.json (and the built frames/) are written
  --images <dir>      time these images instead of frames built from the face-api demo photos
  --iterations <n>    timed analyses, cycling over the images (default 60)
  --warmup <n>        untimed analyses first (default 3)
  --embedder <id>     embedder from models/manifest.json (default: the active one)
  --min-face <f>      smallest face fraction passed to the engine
  --no-reference      skip the side-by-side run of @vladmandic/face-api's own pipeline on the same photos`;

const MB = 2 ** 20;

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, {
    out: { type: 'string' },
    images: { type: 'string' },
    iterations: { type: 'string' },
    warmup: { type: 'string' },
    embedder: { type: 'string' },
    'min-face': { type: 'string' },
    'no-reference': { type: 'boolean' },
  });
  if (!values) return;
  if (!values.out) throw new UsageError('--out is required');
  const iterations = numberOption('iterations', values.iterations, { min: 1, integer: true }) ?? 60;
  const warmup = numberOption('warmup', values.warmup, { min: 0, integer: true }) ?? 3;
  const minFaceFraction = minFaceOption(values['min-face']);
  const embedder = resolveEmbedder(await readManifest(DEFAULT_MANIFEST), values.embedder);
  await mkdir(values.out, { recursive: true });

  const folder = values.images ? await loadImageFolder(values.images) : undefined;
  const subject = await loadEngineUnderTest(embedder);
  const { engine } = subject;
  const images: BenchImage[] = folder ?? (await buildSampleFrames(engine, values.out));
  process.stderr.write(`bench: ${images.length} image(s); measuring a cold start in a fresh process…\n`);
  // This process is idle while the probe runs, so the probe has the CPU to itself.
  const [first] = images;
  if (first === undefined) throw new InputError('no images to benchmark');
  const coldStart = await measureColdStart(first.file, embedder);

  const options = minFaceFraction === undefined ? {} : { minFaceFraction };
  // Both loops cycle through the images, so any count of iterations works with any number of them.
  const imageBytes = (i: number): Uint8Array => itemAt(images, i % images.length, 'image').bytes;
  for (let i = 0; i < warmup; i++) await engine.analyze(imageBytes(i), options);
  process.stderr.write(`bench: ${iterations} timed analyses…\n`);
  const tensorsBefore = tf.memory().numTensors;
  const timings: StageTimings[] = [];
  let noFace = 0;
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const analysis = await engine.analyze(imageBytes(i), options);
    timings.push(analysis.timings);
    if (!analysis.primary?.embedding) noFace++;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const memory = process.memoryUsage();
  // The same photos, as many analyses, through the pipeline a JS developer would otherwise pick (a child process:
  // its own tfjs runtime; this process idles meanwhile).
  let reference: ReferenceFigures | null = null;
  if (!values['no-reference']) {
    process.stderr.write(`bench: the same ${iterations} analyses through @vladmandic/face-api…\n`);
    reference = await measureFaceApiReference(
      images.map((im) => im.file),
      iterations,
      warmup,
    );
  }

  const result: BenchResult = {
    schema: 'facegate-bench-v1',
    generated_at: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model.trim() ?? 'unknown',
    },
    backend: subject.backend,
    embedder,
    model_version: engine.modelVersion,
    images: {
      source: values.images
        ? repoRelative(values.images)
        : '@vladmandic/face-api demo/sample1..6.jpg, one 640x480 frame per face',
      count: images.length,
      items: images.map((im) => ({
        file: repoRelative(im.file),
        width: im.width,
        height: im.height,
        ...(im.source ? { source: im.source } : {}),
        ...(im.faceFraction ? { face_fraction: Number(im.faceFraction.toFixed(3)) } : {}),
      })),
    },
    warmup,
    iterations,
    min_face_fraction: minFaceFraction ?? null,
    stages_ms: stageLatency(timings),
    faces_per_second: iterations / wallSeconds,
    no_face_iterations: noFace,
    memory_mb: {
      rss: memory.rss / MB,
      heap_used: memory.heapUsed / MB,
      heap_total: memory.heapTotal / MB,
      external: memory.external / MB,
      array_buffers: memory.arrayBuffers / MB,
      // resourceUsage reports kilobytes.
      max_rss: process.resourceUsage().maxRSS / 1024,
    },
    tensors: { before: tensorsBefore, after: tf.memory().numTensors },
    load_ms: { backend: subject.loadTimings.backendMs, models: subject.loadTimings.modelsMs },
    cold_start: coldStart,
    reference_face_api: reference,
  };
  const file = join(values.out, 'bench.json');
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${benchSummary(result)}\n`);
  if (reference) {
    const ours = result.stages_ms.total;
    process.stdout.write(
      `\nside by side, same photos and run: ours (${engine.modelVersion}, PAD included) p50 ${ours?.p50?.toFixed(1)} / ` +
        `p95 ${ours?.p95?.toFixed(1)} ms; ${reference.pipeline}: p50 ${reference.p50_ms.toFixed(1)} / ` +
        `p95 ${reference.p95_ms.toFixed(1)} ms (${reference.no_face} of ${reference.iterations} found no face)\n`,
    );
  }
  process.stdout.write(`\nwrote ${file}\n`);
}

runCli(USAGE, main);
