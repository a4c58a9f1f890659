/**
 * Reads calibrated thresholds from, and writes calibrations into, models/manifest.json. Only the touched keys
 * change: everything else, and the 2-space JSON layout with a trailing newline, is kept.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { farKey } from './metrics/far-threshold.js';
import { InputError } from '../../../scripts/lib/cli.js';
import { REPO_ROOT } from '../../../scripts/lib/repo-paths.js';

export const DEFAULT_MANIFEST = join(REPO_ROOT, 'models/manifest.json');

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ManifestView {
  path: string;
  activeEmbedder: string;
  embedders: string[];
  raw: Json;
}

export async function readManifest(path = DEFAULT_MANIFEST): Promise<ManifestView> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new InputError(`cannot read the model manifest ${path}: ${(err as Error).message}`);
  }
  if (!isObject(raw) || !isObject(raw['embedders']) || typeof raw['activeEmbedder'] !== 'string') {
    throw new InputError(`${path} is not a model manifest (needs "activeEmbedder" and "embedders")`);
  }
  return { path, activeEmbedder: raw['activeEmbedder'], embedders: Object.keys(raw['embedders']), raw };
}

/** The embedder id to use: the one asked for (which must exist) or the manifest's active one. */
export function resolveEmbedder(manifest: ManifestView, requested?: string): string {
  const id = requested ?? manifest.activeEmbedder;
  if (!manifest.embedders.includes(id)) {
    throw new InputError(`unknown embedder "${id}" in ${manifest.path}; known: ${manifest.embedders.join(', ')}`);
  }
  return id;
}

function embedderEntry(raw: Json, id: string): Json {
  const entry = (raw['embedders'] as Json)[id];
  if (!isObject(entry)) throw new InputError(`embedder "${id}" is not an object in the manifest`);
  return entry;
}

/** The calibrated threshold for `far`, or undefined when the manifest has none. */
export function calibratedThreshold(manifest: ManifestView, embedder: string, far: number): number | undefined {
  const thresholds = embedderEntry(manifest.raw, embedder)['thresholds'];
  if (!isObject(thresholds)) return undefined;
  const value = thresholds[farKey(far)];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(`thresholds["${farKey(far)}"] of "${embedder}" is not a finite number in the manifest`);
  }
  return value;
}

export interface Calibration {
  embedder: string;
  far: number;
  threshold: number;
  /** `evaluation[<key>]`: the dataset name (`a+b` when pooled). */
  evaluationKey: string;
  evaluation: Json;
  /** Method, bounds and per-tenant policy (tools/eval/src/tail-calibration.ts), stored as `calibration`. */
  calibration?: Json;
}

/**
 * Write one calibration. The file is re-read just before writing (others may have edited it since the run
 * started) and replaced atomically, so a crash never leaves half a manifest.
 */
export async function writeCalibration(path: string, calibration: Calibration): Promise<void> {
  const { raw } = await readManifest(path);
  const entry = embedderEntry(raw, calibration.embedder);
  const thresholds = isObject(entry['thresholds']) ? entry['thresholds'] : {};
  thresholds[farKey(calibration.far)] = calibration.threshold;
  entry['thresholds'] = thresholds;
  const evaluation = isObject(entry['evaluation']) ? entry['evaluation'] : {};
  evaluation[calibration.evaluationKey] = calibration.evaluation;
  entry['evaluation'] = evaluation;
  if (calibration.calibration !== undefined) entry['calibration'] = calibration.calibration;
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, await formatJson(raw, path));
  await rename(temporary, path);
}

/**
 * 2-space JSON with a trailing newline, passed through the repository's Prettier config when Prettier is installed
 * (a dev dependency), so `prettier --check` stays green after a calibration (it folds short arrays, for one).
 */
export async function formatJson(value: unknown, path: string): Promise<string> {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(path)) ?? {};
    return await prettier.format(text, { ...config, filepath: path });
  } catch {
    return text;
  }
}
