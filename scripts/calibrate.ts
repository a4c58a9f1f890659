/**
 * `npm run calibrate -- --dataset <dir> --far 1e-3`: runs the evaluation and records, in models/manifest.json, the
 * conservative threshold for that FAR and the headline figures of the dataset it was measured on.
 */
import { farKey } from '../shared/eval/far-threshold.js';
import { parseToolOptions, runCli, UsageError } from './lib/cli.js';
import { loadEngineUnderTest } from './lib/engine-under-test.js';
import { EVALUATION_OPTIONS, minFaceOption, targetFarOption } from './lib/evaluation-options.js';
import { evaluationSummary } from './lib/evaluation-summary.js';
import { runEvaluation } from './lib/evaluation-pipeline.js';
import { loadDataset } from './lib/load-dataset.js';
import { calibrationRecord } from './lib/calibration-record.js';
import { DEFAULT_MANIFEST, readManifest, resolveEmbedder, writeCalibration } from './lib/manifest-thresholds.js';
import { progressBar } from './lib/progress.js';
import { writeEvaluationOutputs } from './lib/write-evaluation-outputs.js';

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
  await writeCalibration(manifestPath, {
    embedder,
    far: targetFar,
    threshold: record.threshold,
    evaluationKey: result.metrics.dataset,
    evaluation: record.evaluation,
  });

  process.stdout.write(`${evaluationSummary(result.metrics)}\n\n`);
  const key = farKey(targetFar);
  process.stdout.write(
    `calibrated ${embedder}: thresholds["${key}"] = ${record.threshold} ` +
      `(FAR ${(result.metrics.far_at_threshold * 100).toFixed(3)}%, ` +
      `TAR ${((1 - result.metrics.frr_at_threshold) * 100).toFixed(2)}% on ${result.metrics.dataset})\n` +
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

runCli(USAGE, main);
