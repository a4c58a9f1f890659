/**
 * `npm run eval:pad -- --dataset <dir> --out <dir>`: the presentation-attack detector of models/manifest.json on a
 * dataset with live/ and attack/ folders, at its operating threshold. Every attack is also scored after the
 * perturbations an attacker controls (noise sigma 8 and 16, greyscale, JPEG quality 10, blur) and every bona fide
 * image after noise, low light and JPEG, on the face MTCNN found in the unperturbed image. Prints a summary; writes
 * metrics.json (apcer, bpcer, threshold, auc, per attack type, per perturbation and subject), report.html (score
 * distributions of the originals) and scores.csv.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fingerprintDataset } from '../src/metrics/dataset-fingerprint.js';
import { padAuc, padErrorRates, thresholdAtBpcer, type PadScore } from '../src/metrics/pad-metrics.js';
import { renderPadReport } from '../src/metrics/pad-report-html.js';
import { summariseLatency } from '../../../shared/arrays/percentile.js';
import { readModelManifest } from '../../../shared/face/models/model-manifest.js';
import { loadPadDetector, padEntry } from '../../../shared/face/pad/load-pad-detector.js';
import { InputError, numberOption, parseToolOptions, UsageError } from '../../../scripts/lib/cli.js';
import { runEvalCli } from '../src/eval-cli.js';
import { DEFAULT_MANIFEST } from '../src/manifest-thresholds.js';
import { everyNth, loadPadDataset } from '../src/pad-dataset.js';
import { perturbationFigures, worstSubjectApcer } from '../src/pad-perturbation-figures.js';
import {
  EVAL_ATTACK_PERTURBATIONS,
  EVAL_BONA_FIDE_PERTURBATIONS,
  perturb,
  perturbationName,
} from '../../../shared/face/pad/perturbations.js';
import type { LivenessResult } from '../../../shared/face/face-engine.js';
import { loadFaceScanner } from '../src/pad-scan.js';
import { padSummary } from '../src/pad-summary.js';
import { progressBar } from '../src/progress.js';
import { repoRelative } from '../../../scripts/lib/repo-paths.js';

const USAGE = `usage: npm run eval:pad -- --dataset <dir> --out <dir> [options]

  --dataset <dir>         live/ and attack/ images (MANIFEST.tsv with file, label, subject, attack_type if present;
                          otherwise labels by folder, subject = first folder below live/ or attack/)
  --out <dir>             where metrics.json, report.html and scores.csv are written
  --pad <id>              PAD model from models/manifest.json (default: the active one)
  --target-bpcer <rate>   also report the threshold this set would need for this BPCER (default 0.05)
  --manifest <path>       model manifest (default models/manifest.json)
  --every <n>             every n-th image only (a quicker look; CI runs all)
  --detections-cache <file>  reuse MTCNN results across runs (a speed-up only)`;

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, {
    dataset: { type: 'string' },
    out: { type: 'string' },
    pad: { type: 'string' },
    'target-bpcer': { type: 'string' },
    manifest: { type: 'string' },
    every: { type: 'string' },
    'detections-cache': { type: 'string' },
  });
  if (!values) return;
  if (!values.dataset) throw new UsageError('--dataset is required');
  if (!values.out) throw new UsageError('--out is required');
  const targetBpcer =
    numberOption('target-bpcer', values['target-bpcer'], { min: 0, max: 1, exclusiveMax: true }) ?? 0.05;
  const manifestPath = values.manifest ?? DEFAULT_MANIFEST;
  const started = performance.now();

  const every = numberOption('every', values.every, { min: 1 }) ?? 1;
  const dataset = everyNth(await loadPadDataset(values.dataset), every);
  const manifest = readModelManifest(manifestPath);
  const found = padEntry(manifest, values.pad);
  if (!found) throw new InputError(`${manifestPath} has no "pad" section: run npm run train:pad first`);
  const detector = await loadPadDetector(manifest, {
    id: found.id,
    modelsDir: dirname(manifestPath),
  });
  if (!detector) throw new InputError(`PAD model ${found.id} could not be loaded`);
  const scanner = await loadFaceScanner(manifest, {
    ...(values['detections-cache'] ? { detectionsCache: values['detections-cache'] } : {}),
  });
  const padMsList: number[] = [];
  const scannedAll = await scanner.scan(
    dataset,
    async (image, face, sample) => {
      const out: Record<string, LivenessResult> = {};
      for (const p of sample.live ? EVAL_BONA_FIDE_PERTURBATIONS : EVAL_ATTACK_PERTURBATIONS) {
        const img = await perturb(image, p, sample.path);
        const t0 = performance.now();
        out[perturbationName(p)] = await detector.assess(img, face);
        if (p.kind === 'original') padMsList.push(performance.now() - t0);
      }
      return out;
    },
    progressBar('eval:pad'),
  );
  const scanned = scannedAll.map((s) => ({ ...s, result: s.result?.['original'] }));

  const scores: PadScore[] = scanned.map((s) => ({
    live: s.sample.live,
    attackType: s.sample.attackType,
    score: s.result && !s.result.tampered ? s.result.score : null,
  }));
  const perturbations = perturbationFigures(scannedAll, detector.threshold);
  const threshold = detector.threshold;
  const rates = padErrorRates(scores, threshold);
  const auc = padAuc(scores);
  const setThreshold = thresholdAtBpcer(scores, targetBpcer);
  const setRates = padErrorRates(scores, setThreshold);
  const perSubject: Record<string, ReturnType<typeof padErrorRates> | { live: number; attacks: number; note: string }> =
    {};
  for (const subject of [...new Set(dataset.samples.map((s) => s.subject))].sort()) {
    const own = scores.filter((_, i) => scanned[i]!.sample.subject === subject);
    const live = own.filter((s) => s.live).length;
    perSubject[subject] =
      live > 0 && live < own.length
        ? padErrorRates(own, threshold)
        : { live, attacks: own.length - live, note: 'only one class: no per-subject rates' };
  }
  const failures = scanned.filter((s) => s.failure);
  const fingerprint = await fingerprintDataset(
    dataset.dir,
    dataset.listText,
    dataset.samples.map((s) => s.path),
  );
  // Same images, or the same dataset (a subset or superset of it: "spoof (every 3)", "spoof+wild"): the texture
  // model has seen these subjects, so the figures here are in-fold for it.
  const base = (name: string) => name.split(/[+ ]/)[0];
  const trainedOn = Object.entries(found.entry.evaluation).find(
    ([k, v]) =>
      (v as { fingerprint?: string }).fingerprint === fingerprint.fingerprint || base(k) === base(dataset.name),
  );
  const padMs = summariseLatency(padMsList);

  const metrics = {
    schema: 'facegate-eval-pad-v1',
    dataset: dataset.name,
    path: repoRelative(dataset.dir),
    fingerprint: fingerprint.fingerprint,
    fingerprint_method: `${fingerprint.method} (pairs.txt: the sorted label list)`,
    labels_from: dataset.labelSource,
    model_version: detector.modelVersion,
    backend: scanner.backend,
    images: dataset.samples.length,
    failure_to_acquire: failures.length,
    failure_to_acquire_rate: failures.length / dataset.samples.length,
    auc,
    ...rates,
    threshold_source: 'models/manifest.json',
    [`threshold_at_bpcer_${targetBpcer}`]: setThreshold,
    [`apcer_at_bpcer_${targetBpcer}`]: setRates.apcer,
    per_subject: perSubject,
    worst_subject_apcer: worstSubjectApcer(perSubject),
    ...perturbations,
    pad_latency_ms: padMs,
    training_set: trainedOn
      ? {
          note: 'this set trained the model: the figures above are optimistic; the cross-validated ones are honest',
          cross_validated: trainedOn[1],
        }
      : null,
    duration_s: (performance.now() - started) / 1000,
    generated_at: new Date().toISOString(),
  };
  await mkdir(values.out, { recursive: true });
  const files = {
    metrics: join(values.out, 'metrics.json'),
    report: join(values.out, 'report.html'),
    scores: join(values.out, 'scores.csv'),
  };
  await writeFile(files.metrics, `${JSON.stringify(metrics, null, 2)}\n`);
  await writeFile(
    files.scores,
    'path,label,subject,attack_type,score\n' +
      scanned
        .map(
          (s) =>
            `${s.sample.path},${s.sample.live ? 'live' : 'attack'},${s.sample.subject},"${s.sample.attackType}",${s.result?.score ?? ''}`,
        )
        .join('\n') +
      '\n',
  );
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  await writeFile(
    files.report,
    await renderPadReport({
      title: `FaceGate PAD evaluation — ${dataset.name}`,
      subtitle: `${detector.modelVersion}, backend ${scanner.backend}, generated ${metrics.generated_at}`,
      rows: [
        ['Presentations', `${rates.live} live, ${rates.attacks} attack`, `labels from ${dataset.labelSource}`],
        ['No face found', `${failures.length}`, 'counted as rejected'],
        ['AUC', auc.toFixed(4), 'live vs attack'],
        [
          'Operating threshold',
          threshold.toFixed(4),
          `models/manifest.json (BPCER ${found.entry.target_bpcer} on the training data)`,
        ],
        ['APCER', pct(rates.apcer), 'worst attack type'],
        ['APCER (all attacks)', pct(rates.apcer_pooled), `${rates.accepted_attacks} attacks accepted`],
        ['BPCER', pct(rates.bpcer), `${rates.rejected_live} live presentations rejected`],
        [
          `APCER at BPCER ${targetBpcer} on this set`,
          pct(setRates.apcer),
          `threshold ${setThreshold.toFixed(4)}, chosen on this set`,
        ],
        [
          'PAD latency p50 / p95',
          `${(padMs.p50 ?? NaN).toFixed(1)} / ${(padMs.p95 ?? NaN).toFixed(1)} ms`,
          'crop + features + classifier',
        ],
        [
          'Training data',
          trainedOn ? 'yes: figures optimistic' : 'no',
          trainedOn ? 'see metrics.json training_set' : '',
        ],
        ['Dataset fingerprint', fingerprint.fingerprint, ''],
      ],
      scores,
      threshold,
      setThreshold: { value: setThreshold, label: `BPCER ${targetBpcer} here` },
      rates,
      perSubject,
      errors: scanned.flatMap((s, i) => {
        const score = scores[i]!;
        const wrong = score.live
          ? !(score.score !== null && score.score >= threshold)
          : score.score !== null && score.score >= threshold;
        return wrong ? [{ path: s.sample.path, live: score.live, score: score.score }] : [];
      }),
    }),
  );

  process.stdout.write(
    `${padSummary({ title: `${detector.modelVersion} on ${dataset.name}`, auc, rates, failureToAcquire: failures.length, images: dataset.samples.length })}\n`,
  );
  process.stdout.write(
    `APCER at BPCER ≤ ${targetBpcer} with this set's own threshold (${setThreshold.toFixed(4)}): ${(setRates.apcer * 100).toFixed(1)}%\n` +
      `PAD latency p50 ${(padMs.p50 ?? NaN).toFixed(1)} ms, p95 ${(padMs.p95 ?? NaN).toFixed(1)} ms\n`,
  );
  process.stdout.write(
    `APCER per perturbation: ${Object.entries(perturbations.apcer_per_perturbation)
      .map(
        ([k, v]) =>
          `${k} ${(v.apcer * 100).toFixed(1)}% (${v.accepted}/${v.attacks}, ${v.refused_tampered} refused as tampered)`,
      )
      .join('; ')}\n` +
      `BPCER per perturbation: ${Object.entries(perturbations.bpcer_per_perturbation)
        .map(([k, v]) => `${k} ${(v.bpcer * 100).toFixed(1)}% (${v.rejected}/${v.live})`)
        .join('; ')}\n` +
      `worst subject APCER (≥ 10 attacks): ${metrics.worst_subject_apcer.subject} ${(metrics.worst_subject_apcer.apcer * 100).toFixed(1)}%\n`,
  );
  if (trainedOn) process.stdout.write(`note: ${metrics.training_set!.note} (manifest evaluation "${trainedOn[0]}")\n`);
  process.stdout.write(`\nwrote ${files.metrics}\n      ${files.report}\n      ${files.scores}\n`);
}

runEvalCli(USAGE, main);
