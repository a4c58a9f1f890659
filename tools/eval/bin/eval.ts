/**
 * `npm run eval -- --dataset <dir> --out <dir>`: verification accuracy and latency of the face engine on datasets
 * with an LFW-format pairs.txt. Prints a summary; writes metrics.json, report.html, scores.csv and plots/.
 */
import { farKey } from '../src/metrics/far-threshold.js';
import { numberOption, parseToolOptions, UsageError } from '../../../scripts/lib/cli.js';
import { runEvalCli } from '../src/eval-cli.js';
import { loadEngineUnderTest } from '../src/engine-under-test.js';
import { EVALUATION_OPTIONS, minFaceOption, targetFarOption } from '../src/evaluation-options.js';
import { evaluationSummary } from '../src/evaluation-summary.js';
import { runEvaluation } from '../src/evaluation-pipeline.js';
import { loadDataset } from '../src/load-dataset.js';
import { calibratedThreshold, DEFAULT_MANIFEST, readManifest, resolveEmbedder } from '../src/manifest-thresholds.js';
import { progressBar } from '../src/progress.js';
import { thresholdPolicy } from '../../../shared/app/model-thresholds.js';
import { readModelManifest } from '../../../shared/face/models/model-manifest.js';
import { writeEvaluationOutputs } from '../src/write-evaluation-outputs.js';

const USAGE = `usage: npm run eval -- --dataset <dir> [--dataset <dir>…] --out <dir> [options]

  --dataset <dir>     folder with an LFW-format pairs.txt and <name>/<name>_NNNN.jpg images (repeat to pool)
  --out <dir>         where metrics.json, report.html, scores.csv and plots/ are written
  --far <rate>        target false accept rate of the operating threshold (default 1e-3)
  --embedder <id>     embedder from models/manifest.json (default: the active one)
  --limit <n>         evaluate only n pairs per dataset, balanced over folds and classes (quick run)
  --enroll-photos <k> gallery/probe protocol: enroll each identity's first k photos (default 1, as the service)
  --min-face <f>      smallest face as a fraction of the image's shorter side, passed to the engine
  --manifest <path>   model manifest to read the calibrated threshold from (default models/manifest.json)`;

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, {
    ...EVALUATION_OPTIONS,
    out: { type: 'string' },
    limit: { type: 'string' },
    'enroll-photos': { type: 'string' },
  });
  if (!values) return;
  if (!values.dataset?.length) throw new UsageError('--dataset is required');
  if (!values.out) throw new UsageError('--out is required');
  const targetFar = targetFarOption(values.far);
  const limit = numberOption('limit', values.limit, { min: 1, integer: true });
  const minFaceFraction = minFaceOption(values['min-face']);
  const enrollPhotos = numberOption('enroll-photos', values['enroll-photos'], { min: 1, integer: true });

  // Everything that can be wrong with the input is checked before the models load.
  const datasets = await Promise.all(values.dataset.map(loadDataset));
  const manifest = await readManifest(values.manifest ?? DEFAULT_MANIFEST);
  const embedder = resolveEmbedder(manifest, values.embedder);
  const threshold = calibratedThreshold(manifest, embedder, targetFar);
  // The gallery/probe protocol decides at the threshold the service would give a tenant of this population.
  const policy =
    threshold === undefined
      ? undefined
      : { ...thresholdPolicy(readModelManifest(values.manifest ?? DEFAULT_MANIFEST), embedder), targetFar };

  const subject = await loadEngineUnderTest(embedder);
  const result = await runEvaluation(
    datasets,
    subject,
    {
      targetFar,
      ...(threshold === undefined ? {} : { calibratedThreshold: threshold }),
      ...(limit === undefined ? {} : { limit }),
      ...(minFaceFraction === undefined ? {} : { minFaceFraction }),
      ...(policy === undefined ? {} : { policy }),
      ...(enrollPhotos === undefined ? {} : { enrollPhotos }),
    },
    progressBar('eval'),
  );
  const files = await writeEvaluationOutputs(result, values.out);

  const missing = result.metrics.datasets.flatMap((d) => d.missing_images.map((m) => `${d.name}/${m}`));
  if (missing.length > 0) {
    process.stderr.write(
      `warning: ${missing.length} image(s) named in pairs.txt do not exist (counted as failures to acquire):\n` +
        missing.map((m) => `  ${m}\n`).join(''),
    );
  }
  process.stdout.write(`${evaluationSummary(result.metrics)}\n\n`);
  if (threshold === undefined) {
    process.stdout.write(
      `note: models/manifest.json has no thresholds["${farKey(targetFar)}"] for ${embedder}; ` +
        `run \`npm run calibrate -- --dataset <dir> --far ${farKey(targetFar)}\` to set one\n`,
    );
  }
  process.stdout.write(
    `wrote ${files.metrics}\n      ${files.report}\n      ${files.scores}\n      ${files.plots.join('\n      ')}\n`,
  );
}

runEvalCli(USAGE, main);
