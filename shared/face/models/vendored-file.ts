/**
 * Model files FaceGate takes from an npm tarball without installing the package (scripts/vendor-models.mjs lays
 * them under node_modules/.facegate-vendor/<spec>/). A deployed bundle carries them beside its manifest, in
 * models/vendor/<spec>/ (scripts/lib/function-bundle.ts); both places are checked against the pinned sha256.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelIntegrityError } from '../errors.js';
import { manifestPath } from './model-manifest.js';

/** A file extracted from a pinned npm tarball. */
export interface VendoredFile {
  /** `name@version` of the tarball, e.g. `faceplugin-face-recognition-js@0.0.1`. */
  vendored: string;
  /** Path inside the package, e.g. `model/fr_feature.onnx`. */
  path: string;
  sha256: string;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where a bundle keeps vendored files, relative to its models/ folder. */
export const BUNDLED_VENDOR_DIR = 'vendor';

/** The candidate locations of `file`, the bundle's first. */
export function vendoredCandidates(file: VendoredFile, manifestFile = manifestPath()): string[] {
  return [
    join(dirname(manifestFile), BUNDLED_VENDOR_DIR, file.vendored, file.path),
    join(REPO_ROOT, 'node_modules', '.facegate-vendor', file.vendored, file.path),
  ];
}

/** The bytes of `file`, refused unless they hash to the pinned sha256. @throws ModelIntegrityError */
export async function readVendored(file: VendoredFile, manifestFile = manifestPath()): Promise<Uint8Array> {
  const candidates = vendoredCandidates(file, manifestFile);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new ModelIntegrityError(
      `Model file missing: ${file.vendored}/${file.path} (looked in ${candidates.join(', ')}; ` +
        'run `node scripts/vendor-models.mjs`)',
    );
  }
  const bytes = await readFile(found);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== file.sha256) {
    throw new ModelIntegrityError(`sha256 mismatch for ${found}: expected ${file.sha256}, got ${actual}`);
  }
  return bytes;
}
