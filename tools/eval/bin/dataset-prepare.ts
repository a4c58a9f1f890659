/**
 * `npm run dataset:prepare -- --dataset <dir> --out <dir>`: the `prepare` stage of dvc.yaml. Checks the dataset's
 * pairs.txt and fingerprints it (pairs.txt and every image it names) into `<out>/dataset.json`.
 */
import { parseToolOptions, UsageError } from '../../../scripts/lib/cli.js';
import { runEvalCli } from '../src/eval-cli.js';
import { datasetCard, writeDatasetCard } from '../src/dataset-card.js';
import { loadDataset } from '../src/load-dataset.js';

const USAGE = `usage: npm run dataset:prepare -- --dataset <dir> [--dataset <dir>…] --out <dir>

  --dataset <dir>   folder with an LFW-format pairs.txt and the images it names (repeat to pool)
  --out <dir>       where dataset.json (fingerprint, images, pairs per dataset) is written`;

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, {
    dataset: { type: 'string', multiple: true },
    out: { type: 'string' },
  });
  if (!values) return;
  if (!values.dataset?.length) throw new UsageError('--dataset is required');
  if (!values.out) throw new UsageError('--out is required');
  const card = await datasetCard(await Promise.all(values.dataset.map(loadDataset)));
  const file = await writeDatasetCard(card, values.out);
  for (const d of card.datasets) {
    process.stdout.write(
      `${d.name}: ${d.fingerprint}, ${d.images} images (${(d.bytes / 1e6).toFixed(1)} MB), ` +
        `${d.pairs} pairs (${d.genuine_pairs} genuine / ${d.impostor_pairs} impostor) in ${d.folds} fold(s)` +
        `${d.missing_images.length ? `, ${d.missing_images.length} missing image(s)` : ''}\n`,
    );
  }
  process.stdout.write(`fingerprint ${card.fingerprint}\nwrote ${file}\n`);
}

runEvalCli(USAGE, main);
