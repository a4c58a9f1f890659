/**
 * `npm run train:pad -- --dataset <dir>`: trains the presentation-attack detector on a dataset with live/ and
 * attack/ folders, measures it by leave-one-subject-out cross-validation, and writes models/<version>.json plus its
 * entry in models/manifest.json (sha256, the threshold for the target BPCER on the cross-validated scores, figures).
 * Deterministic: the same data on the same backend gives the same file, byte for byte.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fingerprintDataset } from '../src/metrics/dataset-fingerprint.js';
import { padAuc, padErrorRates, thresholdAtBpcer, type PadScore } from '../src/metrics/pad-metrics.js';
import { renderPadReport } from '../src/metrics/pad-report-html.js';
import { readModelManifest } from '../../../shared/face/models/model-manifest.js';
import { trainLogistic } from '../../../shared/face/pad/logistic-regression.js';
import { PAD_MODEL_FORMAT } from '../../../shared/face/pad/pad-model-file.js';
import { PAD_FUSED_V1, PAD_RECIPES } from '../../../shared/face/pad/pad-recipe.js';
import { trainFusedPad } from '../src/train-fused-pad.js';
import { padFeatures } from '../../../shared/face/pad/presentation-attack-detector.js';
import { numberOption, parseToolOptions, UsageError } from '../../../scripts/lib/cli.js';
import { runEvalCli } from '../src/eval-cli.js';
import { DEFAULT_MANIFEST } from '../src/manifest-thresholds.js';
import { crossValidateBySubject } from '../src/pad-cross-validation.js';
import { addBonaFide, everyNth, loadPadDataset } from '../src/pad-dataset.js';
import { recordPadModel, writePadModelFile } from '../src/pad-manifest.js';
import { loadFaceScanner } from '../src/pad-scan.js';
import { padSummary } from '../src/pad-summary.js';
import { progressBar } from '../src/progress.js';
import { repoRelative } from '../../../scripts/lib/repo-paths.js';

const USAGE = `usage: npm run train:pad -- --dataset <dir> [options]

  --dataset <dir>         live/ and attack/ images (MANIFEST.tsv with file, label, subject, attack_type if present)
  --bona-fide <dir>       more live images from other cameras, one folder per person (repeatable); pad-lbp-v2
                          is trained with --bona-fide <datasets>/wild
  --recipe <id>           ${PAD_FUSED_V1.version} (default: pad-lbp-v3 with augmentation + fr_liveness.onnx, fusion
                          chosen on held-out subjects) or a texture-only ${Object.keys(PAD_RECIPES).join(', ')}
  --target-bpcer <rate>   BPCER the operating threshold is chosen for, on the cross-validated scores (default 0.05)
  --out <dir>             also write the cross-validated figures there: metrics.json, report.html (out-of-fold
                          score distributions), scores.csv
  --manifest <path>       model manifest to record the model in (default models/manifest.json); the model file
                          is written beside it
  --detections-cache <file>  reuse MTCNN results across runs (a speed-up only: the same detections either way)
  --every <n>             every n-th image of the list only (consecutive NUAA frames are near duplicates; the
                          shipped pad-fused-v1 was trained with --every 3 to fit the machine)`;

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, {
    dataset: { type: 'string' },
    'bona-fide': { type: 'string', multiple: true },
    recipe: { type: 'string' },
    'target-bpcer': { type: 'string' },
    manifest: { type: 'string' },
    out: { type: 'string' },
    'detections-cache': { type: 'string' },
    every: { type: 'string' },
  });
  if (!values) return;
  if (!values.dataset) throw new UsageError('--dataset is required');
  const targetBpcer =
    numberOption('target-bpcer', values['target-bpcer'], { min: 0, max: 1, exclusiveMax: true }) ?? 0.05;
  const manifestPath = values.manifest ?? DEFAULT_MANIFEST;
  const recipeId = values.recipe ?? PAD_FUSED_V1.version;
  const recipe = PAD_RECIPES[recipeId];
  if (!recipe && recipeId !== PAD_FUSED_V1.version) {
    throw new UsageError(`--recipe must be one of ${[PAD_FUSED_V1.version, ...Object.keys(PAD_RECIPES)].join(', ')}`);
  }
  const started = performance.now();

  const every = numberOption('every', values.every, { min: 1 }) ?? 1;
  const dataset = everyNth(await addBonaFide(await loadPadDataset(values.dataset), values['bona-fide'] ?? []), every);
  const manifest = readModelManifest(manifestPath);
  const scanner = await loadFaceScanner(manifest, {
    ...(values['detections-cache'] ? { detectionsCache: values['detections-cache'] } : {}),
  });
  if (!recipe) {
    const summary = await trainFusedPad({
      dataset,
      scanner,
      recipe: PAD_FUSED_V1,
      targetBpcer,
      manifestPath,
      modelsDir: dirname(manifestPath),
      ...(values.out ? { out: values.out } : {}),
    });
    process.stdout.write(`${summary}\n(${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    return;
  }
  const scanned = await scanner.scan(
    dataset,
    (image, face) => padFeatures(image, face.landmarks, recipe.crop, recipe.features),
    progressBar('features'),
  );
  const items = scanned.map((s) => ({ sample: s.sample, ...(s.result ? { features: s.result } : {}) }));

  const cv = crossValidateBySubject(items, recipe.training, (fold, k, n) =>
    process.stderr.write(
      `cv fold ${k + 1}/${n}: held out ${fold.subject} (${fold.test} faces), trained on ${fold.train}\n`,
    ),
  );
  const threshold = thresholdAtBpcer(cv, targetBpcer);
  const rates = padErrorRates(cv, threshold);
  const auc = padAuc(cv);

  const faces = items.filter((i) => i.features);
  const classifier = trainLogistic(
    faces.map((i) => i.features!),
    faces.map((i) => i.sample.live),
    recipe.training,
  );
  const fingerprint = await fingerprintDataset(
    dataset.dir,
    dataset.listText,
    dataset.samples.map((s) => s.path),
  );
  const subjects = [...new Set(dataset.samples.map((s) => s.subject))].sort();
  const modelsDir = dirname(manifestPath);
  const { file, sha256 } = await writePadModelFile(modelsDir, {
    format: PAD_MODEL_FORMAT,
    version: recipe.version,
    crop: recipe.crop,
    features: recipe.features,
    classifier,
    training: {
      dataset: dataset.name,
      fingerprint: fingerprint.fingerprint,
      images: dataset.samples.length,
      faces: faces.length,
      subjects,
      classifier: 'logistic regression, full-batch Adam from zero weights, classes weighted equally',
      options: recipe.training,
      backend: scanner.backend,
    },
  });
  const evaluation = {
    date: new Date().toISOString(),
    protocol: 'leave-one-subject-out cross-validation; threshold chosen on the pooled out-of-fold scores',
    path: repoRelative(dataset.dir),
    fingerprint: fingerprint.fingerprint,
    backend: scanner.backend,
    images: dataset.samples.length,
    failure_to_acquire: dataset.samples.length - faces.length,
    subjects: subjects.length,
    auc,
    ...rates,
  };
  await recordPadModel(manifestPath, recipe.version, {
    description: recipe.description,
    file,
    sha256,
    threshold,
    target_bpcer: targetBpcer,
    evaluation: { [dataset.name]: evaluation },
  });

  if (values.out) {
    await writeCrossValidation(values.out, {
      title: `${recipe.version}: leave-one-subject-out on ${dataset.name}`,
      cv,
      items,
      evaluation,
    });
    process.stderr.write(`wrote ${join(values.out, 'metrics.json')}, report.html and scores.csv\n`);
  }

  process.stdout.write(
    `${padSummary({
      title: `${recipe.version} on ${dataset.name}, leave-one-subject-out cross-validation (${subjects.length} subjects)`,
      auc,
      rates,
      failureToAcquire: evaluation.failure_to_acquire,
      images: dataset.samples.length,
    })}\n\n`,
  );
  process.stdout.write(
    `wrote ${repoRelative(`${modelsDir}/${file}`)} (sha256 ${sha256.slice(0, 12)}…) and its entry in ` +
      `${repoRelative(manifestPath)}: threshold ${threshold.toFixed(4)} for BPCER ≤ ${targetBpcer} ` +
      `(${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
  );
}

/** The out-of-fold scores as metrics.json, scores.csv and a report with their distributions, per type and subject. */
async function writeCrossValidation(
  out: string,
  input: {
    title: string;
    cv: PadScore[];
    items: { sample: { path: string; subject: string; live: boolean; attackType: string } }[];
    evaluation: Record<string, unknown> & { threshold: number; date: string };
  },
): Promise<void> {
  const { cv, items, evaluation } = input;
  const threshold = evaluation.threshold;
  const rates = padErrorRates(cv, threshold);
  const perSubject: Parameters<typeof renderPadReport>[0]['perSubject'] = {};
  for (const subject of [...new Set(items.map((i) => i.sample.subject))].sort()) {
    const own = cv.filter((_, k) => items[k]!.sample.subject === subject);
    const live = own.filter((s) => s.live).length;
    perSubject[subject] =
      live > 0 && live < own.length
        ? padErrorRates(own, threshold)
        : { live, attacks: own.length - live, note: 'only one class: no per-subject rates' };
  }
  await mkdir(out, { recursive: true });
  await writeFile(
    join(out, 'metrics.json'),
    `${JSON.stringify({ ...evaluation, per_subject: perSubject }, null, 2)}\n`,
  );
  await writeFile(
    join(out, 'scores.csv'),
    'path,label,subject,attack_type,out_of_fold_score\n' +
      items
        .map(
          (i, k) =>
            `${i.sample.path},${i.sample.live ? 'live' : 'attack'},${i.sample.subject},"${i.sample.attackType}",${cv[k]!.score ?? ''}`,
        )
        .join('\n') +
      '\n',
  );
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const rejected = (s: PadScore) => s.score === null || s.score < threshold;
  await writeFile(
    join(out, 'report.html'),
    await renderPadReport({
      title: input.title,
      subtitle: `every subject scored by a model trained without them; generated ${evaluation.date}`,
      rows: [
        ['Presentations', `${rates.live} live, ${rates.attacks} attack`, ''],
        ['AUC', padAuc(cv).toFixed(4), 'out-of-fold scores'],
        ['Threshold', threshold.toFixed(4), 'BPCER target on the pooled out-of-fold scores'],
        ['APCER', pct(rates.apcer), 'worst attack type'],
        ['BPCER', pct(rates.bpcer), `${rates.rejected_live} live presentations rejected`],
      ],
      scores: cv,
      threshold,
      rates,
      perSubject,
      errors: cv.flatMap((s, k) =>
        s.live === rejected(s) ? [{ path: items[k]!.sample.path, live: s.live, score: s.score }] : [],
      ),
    }),
  );
}

runEvalCli(USAGE, main);
