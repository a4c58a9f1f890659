import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintDataset } from './dataset-fingerprint.js';

const dir = mkdtempSync(join(tmpdir(), 'facegate-fp-'));
mkdirSync(join(dir, 'A'));
writeFileSync(join(dir, 'A/A_0001.jpg'), 'one');
writeFileSync(join(dir, 'A/A_0002.jpg'), 'two');
const pairs = Buffer.from('1\t1\nA\t1\t2\nA\t1\tB\t1\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fingerprintDataset', () => {
  it('is stable and independent of the order images are listed in', async () => {
    const first = await fingerprintDataset(dir, pairs, ['A/A_0001.jpg', 'A/A_0002.jpg', 'B/B_0001.jpg']);
    const second = await fingerprintDataset(dir, pairs, [
      'B/B_0001.jpg',
      'A/A_0002.jpg',
      'A/A_0001.jpg',
      'A/A_0001.jpg',
    ]);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(first.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(first).toMatchObject({ images: 3, bytes: 6, missing: ['B/B_0001.jpg'] });
  });

  it('changes when an image or pairs.txt changes', async () => {
    const before = await fingerprintDataset(dir, pairs, ['A/A_0001.jpg', 'A/A_0002.jpg']);
    writeFileSync(join(dir, 'A/A_0002.jpg'), 'tw0');
    const image = await fingerprintDataset(dir, pairs, ['A/A_0001.jpg', 'A/A_0002.jpg']);
    const text = await fingerprintDataset(dir, Buffer.from('1\t1\nA\t2\t1\nA\t1\tB\t1\n'), [
      'A/A_0001.jpg',
      'A/A_0002.jpg',
    ]);
    expect(image.fingerprint).not.toBe(before.fingerprint);
    expect(text.fingerprint).not.toBe(image.fingerprint);
  });
});
