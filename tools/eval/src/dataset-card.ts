/**
 * The `prepare` stage's output: what a dataset is (fingerprint, images, pairs), written before anything is
 * evaluated so the later stages (and DVC) depend on the data's identity rather than on re-hashing every image.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FINGERPRINT_METHOD, fingerprintDataset } from './metrics/dataset-fingerprint.js';
import { combinedFingerprint } from './metrics/metrics-document.js';
import { InputError } from '../../../scripts/lib/cli.js';
import type { LoadedDataset } from './load-dataset.js';
import { repoRelative } from '../../../scripts/lib/repo-paths.js';

export interface DatasetCardEntry {
  name: string;
  path: string;
  fingerprint: string;
  images: number;
  bytes: number;
  missing_images: string[];
  pairs: number;
  genuine_pairs: number;
  impostor_pairs: number;
  folds: number;
}

export interface DatasetCard {
  schema: 'facegate-dataset-v1';
  /** The same value `npm run eval` records as metrics.json `fingerprint` for these datasets. */
  fingerprint: string;
  fingerprint_method: string;
  datasets: DatasetCardEntry[];
}

export async function datasetCard(datasets: readonly LoadedDataset[]): Promise<DatasetCard> {
  if (datasets.length === 0) throw new InputError('no dataset given');
  const entries: DatasetCardEntry[] = [];
  for (const d of datasets) {
    const fp = await fingerprintDataset(
      d.dir,
      d.pairsText,
      d.pairs.pairs.flatMap((p) => [p.a, p.b]),
    );
    const genuine = d.pairs.pairs.filter((p) => p.genuine).length;
    entries.push({
      name: d.name,
      path: repoRelative(d.dir),
      fingerprint: fp.fingerprint,
      images: fp.images,
      bytes: fp.bytes,
      missing_images: fp.missing,
      pairs: d.pairs.pairs.length,
      genuine_pairs: genuine,
      impostor_pairs: d.pairs.pairs.length - genuine,
      folds: d.pairs.folds,
    });
  }
  return {
    schema: 'facegate-dataset-v1',
    fingerprint: combinedFingerprint(entries),
    fingerprint_method: FINGERPRINT_METHOD,
    datasets: entries,
  };
}

/** Writes `<outDir>/dataset.json`; returns its path. */
export async function writeDatasetCard(card: DatasetCard, outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'dataset.json');
  await writeFile(file, `${JSON.stringify(card, null, 2)}\n`);
  return file;
}
