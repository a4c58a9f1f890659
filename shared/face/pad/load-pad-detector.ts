/** Loads the PAD model a manifest names, refusing a parameter file whose sha256 differs from the manifest's. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ModelIntegrityError } from '../errors.js';
import { manifestPath, type ModelManifest, type PadEntry } from '../models/model-manifest.js';
import { parsePadModelFile, type PadModelFile } from './pad-model-file.js';
import { LbpPresentationAttackDetector } from './presentation-attack-detector.js';

/** The manifest entry of PAD model `id` (default: the active one); undefined when the manifest has no PAD section. */
export function padEntry(manifest: ModelManifest, id?: string): { id: string; entry: PadEntry } | undefined {
  if (!manifest.pad) {
    if (id !== undefined) throw new Error(`PAD model "${id}" asked for, but the manifest has no "pad" section`);
    return undefined;
  }
  const wanted = id ?? manifest.pad.active;
  const entry = manifest.pad.models[wanted];
  if (!entry) {
    throw new Error(`Unknown PAD model "${wanted}"; known: ${Object.keys(manifest.pad.models).join(', ') || 'none'}`);
  }
  return { id: wanted, entry };
}

/** Read and check `entry.file` from `modelsDir`. */
export async function readPadModelFile(entry: PadEntry, modelsDir: string): Promise<PadModelFile> {
  const path = join(modelsDir, entry.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new ModelIntegrityError(`PAD model file missing: ${path} (${(err as Error).message})`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== entry.sha256) {
    throw new ModelIntegrityError(`sha256 mismatch for ${path}: expected ${entry.sha256}, got ${actual}`);
  }
  return parsePadModelFile(JSON.parse(bytes.toString('utf8')) as unknown, path);
}

export async function loadPadDetector(
  manifest: ModelManifest,
  options: { id?: string; modelsDir?: string } = {},
): Promise<LbpPresentationAttackDetector | undefined> {
  const found = padEntry(manifest, options.id);
  if (!found) return undefined;
  const file = await readPadModelFile(found.entry, options.modelsDir ?? dirname(manifestPath()));
  if (file.version !== found.id) {
    throw new ModelIntegrityError(`PAD model file ${found.entry.file} is version "${file.version}", not "${found.id}"`);
  }
  return new LbpPresentationAttackDetector(file, found.entry.threshold);
}
