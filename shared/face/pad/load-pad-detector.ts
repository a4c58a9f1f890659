/**
 * Loads the PAD model a manifest names, refusing any file whose sha256 differs from the one pinned for it: a texture
 * model (facegate-pad-lbp-logistic/1) or a fused one (facegate-pad-fused/1, which pins its texture model file and
 * its learned ONNX model in turn).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ModelIntegrityError } from '../errors.js';
import { manifestPath, type ModelManifest, type PadEntry } from '../models/model-manifest.js';
import { FUSED_PAD_FORMAT, parseFusedPadModelFile } from './fused-model-file.js';
import { OnnxLivenessModel } from './learned/onnx-liveness.js';
import { resolveModelRef } from './learned/vendored-models.js';
import { parsePadModelFile, type PadModelFile } from './pad-model-file.js';
import {
  FusedPresentationAttackDetector,
  LbpPresentationAttackDetector,
  type PresentationAttackDetector,
} from './presentation-attack-detector.js';

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

async function readPinned(path: string, sha256: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new ModelIntegrityError(`PAD model file missing: ${path} (${(err as Error).message})`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) {
    throw new ModelIntegrityError(`sha256 mismatch for ${path}: expected ${sha256}, got ${actual}`);
  }
  return bytes;
}

/** Read and check a texture model `file` from `modelsDir`. */
async function readTextureModel(file: string, sha256: string, modelsDir: string): Promise<PadModelFile> {
  const path = join(modelsDir, file);
  const bytes = await readPinned(path, sha256);
  return parsePadModelFile(JSON.parse(bytes.toString('utf8')) as unknown, path);
}

/** Read and check `entry.file` from `modelsDir` (texture models only; see loadPadDetector for fused ones). */
export async function readPadModelFile(entry: PadEntry, modelsDir: string): Promise<PadModelFile> {
  return readTextureModel(entry.file, entry.sha256, modelsDir);
}

export async function loadPadDetector(
  manifest: ModelManifest,
  options: { id?: string; modelsDir?: string } = {},
): Promise<PresentationAttackDetector | undefined> {
  const found = padEntry(manifest, options.id);
  if (!found) return undefined;
  const modelsDir = options.modelsDir ?? dirname(manifestPath());
  const path = join(modelsDir, found.entry.file);
  const json = JSON.parse((await readPinned(path, found.entry.sha256)).toString('utf8')) as { format?: unknown };
  if (json.format === FUSED_PAD_FORMAT) {
    const fused = parseFusedPadModelFile(json, path);
    if (fused.version !== found.id) {
      throw new ModelIntegrityError(
        `PAD model file ${found.entry.file} is version "${fused.version}", not "${found.id}"`,
      );
    }
    const texture = await readTextureModel(fused.texture.file, fused.texture.sha256, modelsDir);
    const learned = await OnnxLivenessModel.load(
      resolveModelRef(fused.learned.model, modelsDir),
      fused.learned.sha256,
      fused.learned.crop,
    );
    return new FusedPresentationAttackDetector(
      fused,
      new LbpPresentationAttackDetector(texture, found.entry.threshold),
      learned,
      found.entry.threshold,
    );
  }
  const file = parsePadModelFile(json, path);
  if (file.version !== found.id) {
    throw new ModelIntegrityError(`PAD model file ${found.entry.file} is version "${file.version}", not "${found.id}"`);
  }
  return new LbpPresentationAttackDetector(file, found.entry.threshold);
}
