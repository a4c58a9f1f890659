/**
 * `npm run bench:pad -- --dataset <dir>`: the PAD stage alone, per face, on faces found once (decode and MTCNN are
 * not timed): the active fused detector with the CNN and the texture features overlapped (as shipped) against the
 * same detector running them one after the other, interleaved face by face so both see the same machine load.
 * Prints p50/p95/mean and throughput of each, the ratio, and checks both give the same scores.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { summariseLatency } from '../shared/arrays/percentile.js';
import { decodeImage } from '../shared/face/decode/decode-image.js';
import { findFaces } from '../shared/face/detect/find-faces.js';
import { Mtcnn } from '../shared/face/detect/mtcnn/mtcnn.js';
import { readModelManifest } from '../shared/face/models/model-manifest.js';
import { loadPadDetector } from '../shared/face/pad/load-pad-detector.js';
import { FusedPresentationAttackDetector } from '../shared/face/pad/presentation-attack-detector.js';
import { initTf } from '../shared/face/runtime/tf.js';
import { DEFAULT_ENGINE_OPTIONS } from '../shared/face/tfjs-face-engine.js';
import type { Detection, RgbImage } from '../shared/face/types.js';
import { InputError, numberOption, parseToolOptions, runCli, UsageError } from './lib/cli.js';
import { DEFAULT_MANIFEST } from '@facegate/eval/manifest-thresholds';
import { everyNth, loadPadDataset } from '@facegate/eval/pad-dataset';

const USAGE = `usage: npm run bench:pad -- --dataset <dir> [--every <n>] [--rounds <n>]

  --dataset <dir>   live/ and attack/ images (e.g. ../shared/datasets/spoof)
  --every <n>       every n-th image (default 25)
  --rounds <n>      passes over the faces (default 3; the first is a warm-up and not counted)`;

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, {
    dataset: { type: 'string' },
    every: { type: 'string' },
    rounds: { type: 'string' },
  });
  if (!values) return;
  if (!values.dataset) throw new UsageError('--dataset is required');
  const every = numberOption('every', values.every, { min: 1 }) ?? 25;
  const rounds = numberOption('rounds', values.rounds, { min: 2 }) ?? 3;
  await initTf();
  const manifest = readModelManifest(DEFAULT_MANIFEST);
  const detector = await loadPadDetector(manifest, { modelsDir: dirname(DEFAULT_MANIFEST) });
  if (!(detector instanceof FusedPresentationAttackDetector))
    throw new InputError('the active PAD model is not a fused one: nothing to overlap');
  const mtcnn = await Mtcnn.load(manifest.detector.weights);
  const dataset = everyNth(await loadPadDataset(values.dataset), every);
  const faces: { image: RgbImage; face: Detection }[] = [];
  for (const sample of dataset.samples) {
    const { image } = await decodeImage(await readFile(join(dataset.dir, sample.path)), DEFAULT_ENGINE_OPTIONS.decode);
    const face = (await findFaces(mtcnn, image, DEFAULT_ENGINE_OPTIONS.find)).faces[0];
    if (face) faces.push({ image, face });
  }
  const variants = { overlapped: detector.withOverlap(true), sequential: detector.withOverlap(false) };
  const times: Record<keyof typeof variants, number[]> = { overlapped: [], sequential: [] };
  let mismatches = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [i, { image, face }] of faces.entries()) {
      // Alternate which goes first, so neither always runs on a warmer cache.
      const order = (i + round) % 2 ? (['overlapped', 'sequential'] as const) : (['sequential', 'overlapped'] as const);
      const scores: number[] = [];
      for (const name of order) {
        const t0 = performance.now();
        scores.push((await variants[name].assess(image, face)).score);
        if (round > 0) times[name].push(performance.now() - t0);
      }
      if (Math.abs(scores[0]! - scores[1]!) > 1e-9) mismatches++;
    }
  }
  console.log(
    `\nbench:pad — ${detector.modelVersion}, ${faces.length} faces of ${dataset.name} x ${rounds - 1} rounds (+1 warm-up)`,
  );
  for (const name of ['sequential', 'overlapped'] as const) {
    const s = summariseLatency(times[name]);
    const total = times[name].reduce((a, b) => a + b, 0);
    console.log(
      `${name.padEnd(11)} p50 ${s.p50!.toFixed(1)} ms  p95 ${s.p95!.toFixed(1)} ms  mean ${s.mean!.toFixed(1)} ms  ` +
        `${((1000 * times[name].length) / total).toFixed(1)} faces/s`,
    );
  }
  const ratio = summariseLatency(times.overlapped).p50! / summariseLatency(times.sequential).p50!;
  console.log(`overlapped / sequential p50: ${ratio.toFixed(2)}; score mismatches: ${mismatches}`);
  if (mismatches > 0) throw new Error('the overlapped detector scored differently');
}

runCli(USAGE, main);
