/**
 * `npm run fusion:fit -- --dataset <dir> [--dataset <dir>…] [--embedder fused-frn-arc-v1]`: embeds the pooled
 * development sets with a fusion's model version, scores every pair with each part, and writes into
 * models/manifest.json the parts' impostor statistics and the weights chosen by cross-validation over identities
 * (tools/eval/src/fusion-fit.ts). Template vectors do not depend on these parameters, so no re-embedding is needed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { partScore, splitParts, type FusionMetric } from '../../../shared/face/matching/fusion.js';
import { numberOption, parseToolOptions, UsageError } from '../../../scripts/lib/cli.js';
import { runEvalCli } from '../src/eval-cli.js';
import { loadEngineUnderTest } from '../src/engine-under-test.js';
import { runEvaluation } from '../src/evaluation-pipeline.js';
import { fitFusion, type PartScoredPair } from '../src/fusion-fit.js';
import { loadDataset } from '../src/load-dataset.js';
import { DEFAULT_MANIFEST } from '../src/manifest-thresholds.js';
import { progressBar } from '../src/progress.js';

const USAGE = `usage: npm run fusion:fit -- --dataset <dir> [--dataset <dir>…] [options]

  --dataset <dir>     development set with an LFW-format pairs.txt (repeat to pool; use every dev population)
  --embedder <id>     the fusion to fit (default fused-frn-arc-v1)
  --folds <n>         identity folds of the cross-validation (default 5)
  --manifest <path>   manifest to update (default models/manifest.json)`;

interface FusionEntry {
  name: string;
  parts?: FusionMetric['parts'][number][];
  [key: string]: unknown;
}

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, {
    dataset: { type: 'string', multiple: true },
    embedder: { type: 'string' },
    folds: { type: 'string' },
    manifest: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!values) return;
  if (!values.dataset?.length) throw new UsageError('--dataset is required');
  const folds = numberOption('folds', values.folds, { min: 2, integer: true }) ?? 5;
  const manifestPath = values.manifest ?? DEFAULT_MANIFEST;
  const id = values.embedder ?? 'fused-frn-arc-v1';
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { embedders: Record<string, FusionEntry> };
  const entry = manifest.embedders[id];
  if (entry?.name !== 'Fusion' || !entry.parts) throw new UsageError(`${id} is not a fusion in ${manifestPath}`);
  const metric: FusionMetric = { kind: 'fusion', parts: entry.parts };

  const datasets = await Promise.all(values.dataset.map(loadDataset));
  const subject = await loadEngineUnderTest(id);
  const result = await runEvaluation(datasets, subject, { targetFar: 1e-3 }, progressBar('fusion:fit'));
  const identity = (file: string) => basename(dirname(file));
  const pairs: PartScoredPair[] = [];
  for (const p of result.pairs) {
    const a = result.outcomes.get(p.a)?.embedding;
    const b = result.outcomes.get(p.b)?.embedding;
    if (!a || !b) continue;
    const pa = splitParts(metric, a);
    const pb = splitParts(metric, b);
    pairs.push({
      dataset: p.dataset,
      genuine: p.genuine,
      identities: [identity(p.a), identity(p.b)],
      scores: metric.parts.map((part, k) => partScore(part, pa[k]!, pb[k]!)),
    });
  }
  const fit = fitFusion(pairs, folds);
  entry.parts = metric.parts.map((part, k) => ({
    ...part,
    mean: fit.stats[k]!.mean,
    sd: fit.stats[k]!.sd,
    weight: fit.weights[k]!,
  }));
  entry['fusion_fit'] = {
    date: new Date().toISOString(),
    datasets: result.metrics.datasets.map((d) => ({ name: d.name, fingerprint: d.fingerprint })),
    method:
      `z-normalisation on the pooled impostor pairs; weight of ${metric.parts[0]!.id} chosen on a grid of 0.05 by ` +
      `${folds}-fold cross-validation over identities (out-of-fold scores), lowest mean out-of-fold EER over the datasets`,
    scored_pairs: pairs.length,
    candidates: fit.candidates,
  };
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  for (const c of fit.candidates) {
    process.stdout.write(
      `w=${c.weight.toFixed(2)}  out-of-fold EER ${(c.eer * 100).toFixed(2)}%  FRR@0FA ${(c.frr_at_zero_fa * 100).toFixed(2)}%\n`,
    );
  }
  process.stdout.write(
    `${id}: weights ${fit.weights.map((w) => w.toFixed(2)).join(' / ')}, ` +
      `stats ${fit.stats.map((s) => `${s.mean.toFixed(4)}±${s.sd.toFixed(4)}`).join(', ')}; wrote ${manifestPath}\n`,
  );
}

runEvalCli(USAGE, main);
