import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../scripts/lib/cli.js';
import { addBonaFide, loadPadDataset, parsePadManifest } from './pad-dataset.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facegate-pad-ds-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function touch(path: string): Promise<void> {
  await mkdir(join(dir, path, '..'), { recursive: true });
  await writeFile(join(dir, path), 'x');
}

describe('loadPadDataset', () => {
  it('labels by folder when there is no MANIFEST.tsv: subject = first folder below live/ or attack/', async () => {
    await touch('live/s1/a.jpg');
    await touch('attack/s1/b.png');
    await touch('attack/c.jpg');
    await touch('attack/s2/notes.txt');
    const ds = await loadPadDataset(dir);
    expect(ds.labelSource).toBe('folders');
    expect(ds.samples).toEqual([
      { path: 'attack/c.jpg', live: false, subject: 'unknown', attackType: 'attack' },
      { path: 'attack/s1/b.png', live: false, subject: 's1', attackType: 'attack' },
      { path: 'live/s1/a.jpg', live: true, subject: 's1', attackType: 'none' },
    ]);
  });

  it('follows folders that are symbolic links', async () => {
    await touch('elsewhere/p1/a.jpg');
    await touch('attack/p1/b.jpg');
    await mkdir(join(dir, 'live'));
    await symlink(join(dir, 'elsewhere/p1'), join(dir, 'live/p1'));
    const ds = await loadPadDataset(dir);
    expect(ds.samples.map((s) => [s.path, s.subject, s.live])).toEqual([
      ['attack/p1/b.jpg', 'p1', false],
      ['live/p1/a.jpg', 'p1', true],
    ]);
  });

  it('takes labels, subjects and attack types from MANIFEST.tsv when present', async () => {
    await writeFile(
      join(dir, 'MANIFEST.tsv'),
      'file\tlabel\tsubject\tattack_type\textra\nlive/x.jpg\tlive\tp1\tnone\t1\nattack/y.jpg\tattack\tp1\tprint\t2\n',
    );
    const ds = await loadPadDataset(dir);
    expect(ds.labelSource).toBe('MANIFEST.tsv');
    expect(ds.samples.map((s) => [s.path, s.live, s.attackType])).toEqual([
      ['attack/y.jpg', false, 'print'],
      ['live/x.jpg', true, 'none'],
    ]);
  });

  it('refuses a missing folder, a one-class set and bad manifest rows', async () => {
    await expect(loadPadDataset(join(dir, 'nope'))).rejects.toThrow(InputError);
    await touch('live/a.jpg');
    await expect(loadPadDataset(dir)).rejects.toThrow(/needs both live and attack images \(found 1 live, 0 attack\)/);
    expect(() => parsePadManifest('file\tlabel\tsubject\nx\tlive\ts\n', 'M')).toThrow(/no "attack_type" column/);
    expect(() => parsePadManifest('file\tlabel\tsubject\tattack_type\nx\tfake\ts\tprint\n', 'M')).toThrow(
      /M:2: label must be "live" or "attack"/,
    );
  });
});

describe('addBonaFide', () => {
  it('adds every image below each folder as live, one subject per person folder, paths relative to the dataset', async () => {
    await touch('spoof/live/s1/a.jpg');
    await touch('spoof/attack/s1/b.jpg');
    await touch('wild/Ada/1.jpg');
    await touch('wild/Ada/2.jpg');
    await touch('wild/Bo/1.png');
    await touch('wild/pairs.txt');
    const base = await loadPadDataset(join(dir, 'spoof'));
    const ds = await addBonaFide(base, [join(dir, 'wild')]);
    expect(ds.name).toBe('spoof+wild');
    expect(ds.samples.filter((s) => s.subject.startsWith('wild/'))).toEqual([
      { path: '../wild/Ada/1.jpg', live: true, subject: 'wild/Ada', attackType: 'none' },
      { path: '../wild/Ada/2.jpg', live: true, subject: 'wild/Ada', attackType: 'none' },
      { path: '../wild/Bo/1.png', live: true, subject: 'wild/Bo', attackType: 'none' },
    ]);
    expect(ds.samples).toHaveLength(5);
    expect(ds.listText.toString()).toContain('../wild/Bo/1.png\tlive\twild/Bo\tnone\n');
    expect(ds.listText.equals(base.listText)).toBe(false);
  });

  it('leaves the dataset as it is without folders, and refuses a missing or empty folder', async () => {
    await touch('spoof/live/s1/a.jpg');
    await touch('spoof/attack/s1/b.jpg');
    await mkdir(join(dir, 'empty'));
    const base = await loadPadDataset(join(dir, 'spoof'));
    expect(await addBonaFide(base, [])).toBe(base);
    await expect(addBonaFide(base, [join(dir, 'nowhere')])).rejects.toThrow(InputError);
    await expect(addBonaFide(base, [join(dir, 'empty')])).rejects.toThrow(/no images/);
  });
});
