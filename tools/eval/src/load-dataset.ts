/** Reads a dataset folder with an LFW-format pairs.txt, turning every filesystem problem into an InputError. */
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { PairsFile } from './metrics/pairs-file.js';
import { parsePairs } from './metrics/pairs-file.js';
import { InputError } from '../../../scripts/lib/cli.js';

export interface LoadedDataset {
  /** Folder name, e.g. `wild`: the key of its figures in the manifest and the floors. */
  name: string;
  /** Absolute folder path. */
  dir: string;
  pairsText: Buffer;
  pairs: PairsFile;
}

export async function loadDataset(path: string): Promise<LoadedDataset> {
  const dir = resolve(path);
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new InputError(`dataset folder not found: ${path}`);
  if (!info.isDirectory()) throw new InputError(`dataset is not a folder: ${path}`);
  const pairsPath = join(dir, 'pairs.txt');
  let pairsText: Buffer;
  try {
    pairsText = await readFile(pairsPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `no pairs.txt in ${path}: a dataset needs an LFW-format pairs.txt next to its <name>/<name>_NNNN.jpg images`
        : `cannot read ${pairsPath}: ${(err as Error).message}`,
    );
  }
  return { name: basename(dir), dir, pairsText, pairs: parsePairs(pairsText.toString('utf8'), pairsPath) };
}
