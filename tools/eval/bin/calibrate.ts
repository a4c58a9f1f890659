/**
 * `npm run calibrate -- --dataset <dir> --far 1e-3`: runs the evaluation and records, in models/manifest.json, the
 * conservative threshold for that FAR and the headline figures of the dataset it was measured on.
 */
import { farKey } from '../src/metrics/far-threshold.js';
import { parseToolOptions, UsageError } from '../../../scripts/lib/cli.js';
import { runEvalCli } from '../src/eval-cli.js';
import { loadEngineUnderTest } from '../src/engine-under-test.js';
import { EVALUATION_OPTIONS, minFaceOption, targetFarOption } from '../src/evaluation-options.js';
import { evaluationSummary } from '../src/evaluation-summary.js';
import { runEvaluation } from '../src/evaluation-pipeline.js';
import { loadDataset } from '../src/load-dataset.js';
import { calibrationRecord } from '../src/calibration-record.js';
import { tailCalibration } from '../src/tail-calibration.js';
import { DEFAULT_MANIFEST, readManifest, resolveEmbedder, writeCalibration } from '../src/manifest-thresholds.js';
import { progressBar } from '../src/progress.js';
import { writeEvaluationOutputs } from '../src/write-evaluation-outputs.js';

const USAGE = `usage: npm run calibrate -- --dataset <dir> [--dataset <dir>…] [--far 1e-3] [options]

  --dataset <dir>     folder with an LFW-format pairs.txt (repeat to pool several datasets' pairs)
  --far <rate>        target false accept rate (default 1e-3)
  --embedder <id>     embedder to calibrate (default: the manifest's active one)
  --min-face <f>      smallest face fraction passed to the engine (recorded with the calibration)
  --out <dir>         also write the evaluation files (metrics.json, report.html…) there
  --manifest <path>   manifest to update (default models/manifest.json)`;

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, { ...EVALUATION_OPTIONS, out: { type: 'string' } });
  if (!values) return;
  if (!values.dataset?.length) throw new UsageError('--dataset is required');
  const targetFar = targetFarOption(values.far);
  const minFaceFraction = minFaceOption(values['min-face']);
  const manifestPath = values.manifest ?? DEFAULT_MANIFEST;

  const datasets = await Promise.all(values.dataset.map(loadDataset));
  const manifest = await readManifest(manifestPath);
  const embedder = resolveEmbedder(manifest, values.embedder);

  const subject = await loadEngineUnderTest(embedder);
  // No calibratedThreshold: calibration must measure afresh, not reuse the value it is about to replace.
  const result = await runEvaluation(
    datasets,
    subject,
    { targetFar, ...(minFaceFraction === undefined ? {} : { minFaceFraction }) },
    progressBar('calibrate'),
  );
  if (values.out) await writeEvaluationOutputs(result, values.out);

  const record = calibrationRecord(result.metrics);
  const tail = tailCalibration(
    result.pairs.map((p, i) => ({ dataset: p.dataset, score: result.analysis.labeled[i]! })),
    targetFar,
  );
  await writeCalibration(manifestPath, {
    embedder,
    far: targetFar,
    threshold: tail.threshold,
    calibration: tail as unknown as Record<string, unknown>,
    evaluationKey: result.metrics.dataset,
    evaluation: record.evaluation,
  });

  process.stdout.write(`${evaluationSummary(result.metrics)}\n\n`);
  const key = farKey(targetFar);
  const pct = (x: number) => `${(x * 100).toFixed(3)}%`;
  for (const [name, p] of Object.entries(tail.populations)) {
    process.stdout.write(
      `${name}: ${p.impostor_pairs} impostor pairs, own tail threshold ${p.tail.threshold.toFixed(4)}` +
        ` (empirical ${p.tail.empirical.toFixed(4)}${p.tail.fitted === undefined ? '' : `, GPD ${p.tail.fitted.toFixed(4)}`}),` +
        ` FAR at the global threshold ${pct(p.at_global.far)} (≤ ${pct(p.at_global.far_upper_95)} at 95%)\n`,
    );
  }
  process.stdout.write(
    `calibrated ${embedder}: thresholds["${key}"] = ${tail.threshold} (pooled FAR ${pct(tail.pooled.far)}, ` +
      `≤ ${pct(tail.pooled.far_upper_95)} at 95%, over ${tail.pooled.impostor_pairs} impostor pairs; ` +
      `empirical ${tail.pooled.tail.empirical.toFixed(4)}, ` +
      `GPD ${tail.pooled.tail.fitted === undefined ? '–' : tail.pooled.tail.fitted.toFixed(4)}); ` +
      `floor ${tail.floor.toFixed(4)} for tenants of ${tail.min_gallery_users}+ users\n` +
      `wrote ${values.manifest ?? 'models/manifest.json'}: embedders["${embedder}"].thresholds["${key}"] and ` +
      `.evaluation["${result.metrics.dataset}"]\n`,
  );
  if (!record.resolvable) {
    process.stderr.write(
      `warning: ${result.metrics.impostor_pairs} impostor pairs cannot measure a FAR of ${key} ` +
        `(needs at least ${Math.ceil(1 / targetFar)}); the threshold only guarantees no false accept on this set. ` +
        `Pool more datasets (--dataset a --dataset b) for a better-founded value.\n`,
    );
  }
}

runEvalCli(USAGE, main);
