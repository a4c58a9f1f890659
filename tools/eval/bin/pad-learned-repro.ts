/**
 * `npm run pad:learned -- --dataset <spoof> [--bona-fide <wild>]`: reproduces the outside measurement of
 * faceplugin's fr_liveness.onnx (issue 14) on the engine's own MTCNN box: APCER/BPCER at the natural cut P(live) >= 0.5
 * per perturbation (original, noise sigma 16, greyscale) in BGR order, and in RGB order (as the package's JS feeds
 * it) on the originals, plus the per-face latency. The network never saw these subjects: every figure is unseen.
 */
import { perturb, perturbationName, type Perturbation } from '../../../shared/face/pad/perturbations.js';
import { FR_LIVENESS_CROP, OnnxLivenessModel } from '../../../shared/face/pad/learned/onnx-liveness.js';
import {
  FR_LIVENESS_SHA256,
  FR_LIVENESS_REF,
  resolveModelRef,
} from '../../../shared/face/pad/learned/vendored-models.js';
import { readModelManifest } from '../../../shared/face/models/model-manifest.js';
import { summariseLatency } from '../../../shared/arrays/percentile.js';
import { numberOption, parseToolOptions, UsageError } from '../../../scripts/lib/cli.js';
import { runEvalCli } from '../src/eval-cli.js';
import { addBonaFide, loadPadDataset } from '../src/pad-dataset.js';
import { loadFaceScanner } from '../src/pad-scan.js';
import { progressBar } from '../src/progress.js';

const USAGE = `usage: npm run pad:learned -- --dataset <dir> [--bona-fide <dir>]...

  --dataset <dir>     live/ and attack/ images (MANIFEST.tsv as for eval:pad)
  --bona-fide <dir>   more live images, one folder per person (repeatable)
  --detections-cache <file>  reuse MTCNN results across runs (JSON, written during the scan)
  --every <n>         every n-th image only (a quicker look)
  --variants <list>   comma-separated name prefixes of the variants to run (e.g. "bgr,area noise")`;

type Model = 'bgr' | 'rgb' | 'bgr-area';
const VARIANTS: { name: string; perturbation: Perturbation; model: Model }[] = [
  { name: 'bgr original', perturbation: { kind: 'original' }, model: 'bgr' },
  { name: 'bgr noise 16', perturbation: { kind: 'noise', sigma: 16 }, model: 'bgr' },
  { name: 'bgr greyscale', perturbation: { kind: 'greyscale' }, model: 'bgr' },
  { name: 'rgb original', perturbation: { kind: 'original' }, model: 'rgb' },
  { name: 'area original', perturbation: { kind: 'original' }, model: 'bgr-area' },
  { name: 'area noise 8', perturbation: { kind: 'noise', sigma: 8 }, model: 'bgr-area' },
  { name: 'area noise 16', perturbation: { kind: 'noise', sigma: 16 }, model: 'bgr-area' },
  { name: 'area greyscale', perturbation: { kind: 'greyscale' }, model: 'bgr-area' },
];

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, {
    dataset: { type: 'string' },
    'bona-fide': { type: 'string', multiple: true },
    'detections-cache': { type: 'string' },
    every: { type: 'string' },
    variants: { type: 'string' },
  });
  if (!values) return;
  if (!values.dataset) throw new UsageError('--dataset is required');
  const full = await addBonaFide(await loadPadDataset(values.dataset), values['bona-fide'] ?? []);
  const every = numberOption('every', values.every, { min: 1 }) ?? 1;
  const dataset = { ...full, samples: full.samples.filter((_, i) => i % every === 0) };
  const wanted = values.variants?.split(',');
  const variants = VARIANTS.filter((v) => !wanted || wanted.some((w) => v.name.startsWith(w)));
  const path = resolveModelRef(FR_LIVENESS_REF, '.');
  const bgr = await OnnxLivenessModel.load(path, FR_LIVENESS_SHA256, { ...FR_LIVENESS_CROP, resize: 'bilinear' });
  const models: Record<Model, OnnxLivenessModel> = {
    bgr,
    rgb: await OnnxLivenessModel.load(path, FR_LIVENESS_SHA256, {
      ...FR_LIVENESS_CROP,
      channelOrder: 'rgb',
      resize: 'bilinear',
    }),
    'bgr-area': await OnnxLivenessModel.load(path, FR_LIVENESS_SHA256, { ...FR_LIVENESS_CROP, resize: 'area' }),
  };
  const scanner = await loadFaceScanner(readModelManifest(), {
    ...(values['detections-cache'] ? { detectionsCache: values['detections-cache'] } : {}),
  });
  const latency: number[] = [];
  const scanned = await scanner.scan(
    dataset,
    async (image, face, sample) => {
      const scores: number[] = [];
      for (const v of variants) {
        const img = await perturb(image, v.perturbation, sample.path);
        const t0 = performance.now();
        scores.push(await models[v.model].score(img, face.box));
        if (v.perturbation.kind === 'original') latency.push(performance.now() - t0);
      }
      return scores;
    },
    progressBar('fr_liveness'),
  );
  const lines: string[] = [];
  variants.forEach((v, k) => {
    const attacks = scanned.filter((s) => !s.sample.live);
    const live = scanned.filter((s) => s.sample.live);
    const accepted = attacks.filter((s) => s.result && s.result[k]! >= 0.5).length;
    const rejected = live.filter((s) => !s.result || s.result[k]! < 0.5).length;
    const perSubject = new Map<string, { n: number; a: number }>();
    for (const s of attacks) {
      const e = perSubject.get(s.sample.subject) ?? { n: 0, a: 0 };
      e.n++;
      if (s.result && s.result[k]! >= 0.5) e.a++;
      perSubject.set(s.sample.subject, e);
    }
    const worst = [...perSubject.entries()].sort((x, y) => y[1].a / y[1].n - x[1].a / x[1].n)[0];
    lines.push(
      `${v.name.padEnd(14)} APCER ${((100 * accepted) / attacks.length).toFixed(1)}% (${accepted}/${attacks.length})` +
        `  BPCER ${((100 * rejected) / live.length).toFixed(1)}% (${rejected}/${live.length})` +
        (worst ? `  worst subject ${worst[0]} ${worst[1].a}/${worst[1].n}` : '') +
        `  [${perturbationName(v.perturbation)}]`,
    );
  });
  const ms = summariseLatency(latency);
  lines.push(`fr_liveness latency per face (crop + run): p50 ${ms.p50?.toFixed(1)} ms, p95 ${ms.p95?.toFixed(1)} ms`);
  lines.push(`no face found: ${scanned.filter((s) => s.failure).length} of ${scanned.length}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

runEvalCli(USAGE, main);
