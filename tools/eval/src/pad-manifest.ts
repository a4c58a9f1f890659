/** Writes a trained PAD model file into models/ and records it, with its figures, in models/manifest.json. */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PadEntry } from '../../../shared/face/models/model-manifest.js';
import type { PadModelFile } from '../../../shared/face/pad/pad-model-file.js';
import { InputError } from '../../../scripts/lib/cli.js';
import { formatJson } from './manifest-thresholds.js';

/** 8 significant digits: far below what moves a score, and a model file a third the size of full doubles. */
const round = (xs: readonly number[]): number[] => xs.map((x) => Number(x.toPrecision(8)));

async function replace(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/** Write `<modelsDir>/<version>.json`; returns its file name and sha256. */
export async function writePadModelFile(
  modelsDir: string,
  model: PadModelFile,
): Promise<{ file: string; sha256: string }> {
  const file = `${model.version}.json`;
  const c = model.classifier;
  const rounded: PadModelFile = {
    ...model,
    classifier: { mean: round(c.mean), scale: round(c.scale), weights: round(c.weights), bias: round([c.bias])[0]! },
  };
  const text = await formatJson(rounded, join(modelsDir, file));
  await replace(join(modelsDir, file), text);
  return { file, sha256: createHash('sha256').update(text).digest('hex') };
}

/** Set `pad.models[id]` (and make it the active one), re-reading the manifest just before writing. */
export async function recordPadModel(manifestPath: string, id: string, entry: PadEntry): Promise<void> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new InputError(`cannot read the model manifest ${manifestPath}: ${(err as Error).message}`);
  }
  const pad = (raw['pad'] ?? { active: id, models: {} }) as { active: string; models: Record<string, PadEntry> };
  pad.active = id;
  pad.models[id] = entry;
  raw['pad'] = pad;
  await replace(manifestPath, await formatJson(raw, manifestPath));
}
