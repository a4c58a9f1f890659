/**
 * A dataset's identity for metrics and the model manifest: a change to pairs.txt or to any image it uses changes
 * the fingerprint, so figures from different data are never mistaken for comparable.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DatasetFingerprint {
  /** `sha256:<hex>` over pairs.txt and the sorted (path, size, sha256) list of the images it references. */
  fingerprint: string;
  method: string;
  images: number;
  bytes: number;
  /** Referenced images that do not exist (they enter the fingerprint as "missing"). */
  missing: string[];
}

export const FINGERPRINT_METHOD =
  'sha256 over "facegate-dataset-v1", sha256(pairs.txt), then one "<path>\\t<size>\\t<sha256>" line per referenced ' +
  'image in sorted path order ("<path>\\tmissing" when absent)';

/** Hash a few files at a time: enough to keep the disk busy without holding the whole dataset in memory. */
const CONCURRENCY = 8;

/** Fingerprint a dataset folder from its pairs.txt bytes and the image paths (relative to `dir`) it references. */
export async function fingerprintDataset(
  dir: string,
  pairsText: Uint8Array,
  imagePaths: Iterable<string>,
): Promise<DatasetFingerprint> {
  const paths = [...new Set(imagePaths)].sort();
  const lines: string[] = new Array<string>(paths.length);
  const missing: string[] = [];
  let bytes = 0;
  // The workers share one iterator, so each path is taken by exactly one of them.
  const queue = paths.entries();
  const worker = async (): Promise<void> => {
    for (const [i, rel] of queue) {
      try {
        const data = await readFile(join(dir, rel));
        bytes += data.byteLength;
        lines[i] = `${rel}\t${data.byteLength}\t${createHash('sha256').update(data).digest('hex')}`;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        missing.push(rel);
        lines[i] = `${rel}\tmissing`;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, paths.length) }, worker));
  const hash = createHash('sha256')
    .update('facegate-dataset-v1\n')
    .update(createHash('sha256').update(pairsText).digest('hex'))
    .update('\n')
    .update(lines.join('\n'));
  return {
    fingerprint: `sha256:${hash.digest('hex')}`,
    method: FINGERPRINT_METHOD,
    images: paths.length,
    bytes,
    missing: missing.sort(),
  };
}
