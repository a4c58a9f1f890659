/**
 * Reads a presentation-attack dataset: `live/` and `attack/` folders of images. Labels, subjects and attack types
 * come from MANIFEST.tsv when present (columns file, label, subject, attack_type); otherwise from the folders:
 * live/ or attack/ gives the label, the first folder below it the subject, and every attack is of type "attack".
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../../../scripts/lib/cli.js';

export interface PadSample {
  /** Path relative to the dataset folder, with forward slashes. */
  path: string;
  live: boolean;
  subject: string;
  /** `none` for live samples. */
  attackType: string;
}

export interface PadDataset {
  name: string;
  dir: string;
  samples: PadSample[];
  labelSource: 'MANIFEST.tsv' | 'folders';
  /** The label list the fingerprint covers (one `path\tlabel\tsubject\tattack_type` line per sample). */
  listText: Buffer;
}

const IMAGE = /\.(jpe?g|png|webp)$/i;

/** Image files below `root`, sorted; folders reached through symbolic links are followed (stat, not lstat). */
async function listImages(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(root)) {
    const full = join(root, name);
    const info = await stat(full);
    if (info.isDirectory()) found.push(...(await listImages(full)));
    else if (info.isFile() && IMAGE.test(name)) found.push(full);
  }
  return found.sort();
}

function fromFolders(dir: string, files: Record<'live' | 'attack', string[]>): PadSample[] {
  return (['live', 'attack'] as const).flatMap((label) =>
    files[label].map((full) => {
      const rel = relative(dir, full).split(sep).join('/');
      const parts = rel.split('/');
      return {
        path: rel,
        live: label === 'live',
        subject: parts.length > 2 ? parts[1]! : 'unknown',
        attackType: label === 'live' ? 'none' : 'attack',
      };
    }),
  );
}

/** Parse MANIFEST.tsv; `where` names the file in errors. */
export function parsePadManifest(text: string, where: string): PadSample[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split('\t');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new InputError(`${where}: no "${name}" column (header: ${header.join(', ')})`);
    return i;
  };
  const [file, label, subject, attackType] = [col('file'), col('label'), col('subject'), col('attack_type')];
  return lines.slice(1).map((line, k) => {
    const cells = line.split('\t');
    const at = (i: number): string => {
      const cell = cells[i];
      if (cell === undefined || cell === '') throw new InputError(`${where}:${k + 2}: missing column ${header[i]}`);
      return cell;
    };
    const value = at(label);
    if (value !== 'live' && value !== 'attack') {
      throw new InputError(`${where}:${k + 2}: label must be "live" or "attack", got "${value}"`);
    }
    const live = value === 'live';
    return { path: at(file), live, subject: at(subject), attackType: live ? 'none' : at(attackType) };
  });
}

/** One `path\tlabel\tsubject\tattack_type` line per sample: what the dataset fingerprint covers. */
function labelList(samples: readonly PadSample[]): Buffer {
  return Buffer.from(
    samples.map((s) => `${s.path}\t${s.live ? 'live' : 'attack'}\t${s.subject}\t${s.attackType}\n`).join(''),
  );
}

export async function loadPadDataset(path: string): Promise<PadDataset> {
  const dir = resolve(path);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`dataset folder not found: ${path}`);
  const manifestPath = join(dir, 'MANIFEST.tsv');
  const manifest = await readFile(manifestPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw new InputError(`cannot read ${manifestPath}: ${err.message}`);
  });
  let samples: PadSample[];
  if (manifest !== undefined) {
    samples = parsePadManifest(manifest, manifestPath);
  } else {
    const [live, attack] = await Promise.all(
      ['live', 'attack'].map((f) => listImages(join(dir, f)).catch(() => [] as string[])),
    );
    samples = fromFolders(dir, { live: live ?? [], attack: attack ?? [] });
  }
  const lives = samples.filter((s) => s.live).length;
  if (lives === 0 || lives === samples.length) {
    throw new InputError(
      `${path} needs both live and attack images (found ${lives} live, ${samples.length - lives} attack)`,
    );
  }
  samples.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const listText = labelList(samples);
  return {
    name: basename(dir),
    dir,
    samples,
    labelSource: manifest === undefined ? 'folders' : 'MANIFEST.tsv',
    listText,
  };
}

/**
 * Widen the bona fide class with photos from other capture chains (`train:pad --bona-fide <dir>`): every image
 * below each folder counts as live, its subject is `<folder name>/<first folder below it>` so leave-one-subject-out
 * still holds out a whole person. Paths stay relative to the dataset folder, so scanning and the fingerprint work
 * unchanged.
 */
export async function addBonaFide(dataset: PadDataset, dirs: readonly string[]): Promise<PadDataset> {
  if (dirs.length === 0) return dataset;
  const added: PadSample[] = [];
  for (const path of dirs) {
    const root = resolve(path);
    const info = await stat(root).catch(() => undefined);
    if (!info?.isDirectory()) throw new InputError(`bona fide folder not found: ${path}`);
    const images = await listImages(root);
    if (images.length === 0) throw new InputError(`no images (.jpg, .png, .webp) below the bona fide folder ${path}`);
    for (const full of images) {
      const below = relative(root, full).split(sep);
      added.push({
        path: relative(dataset.dir, full).split(sep).join('/'),
        live: true,
        subject: `${basename(root)}/${(below.length > 1 ? below[0] : undefined) ?? 'unknown'}`,
        attackType: 'none',
      });
    }
  }
  const samples = [...dataset.samples, ...added].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    ...dataset,
    name: [dataset.name, ...dirs.map((d) => basename(resolve(d)))].join('+'),
    samples,
    listText: labelList(samples),
  };
}

/** Every n-th sample (n = 1: all of them); the label list shrinks with it, so the fingerprint names the subset. */
export function everyNth(dataset: PadDataset, n: number): PadDataset {
  if (n === 1) return dataset;
  const samples = dataset.samples.filter((_, i) => i % n === 0);
  return { ...dataset, name: `${dataset.name} (every ${n})`, samples, listText: labelList(samples) };
}
