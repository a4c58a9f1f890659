import { describe, expect, it } from 'vitest';
import { imagePath, PairsFormatError, parsePairs } from './pairs-file.js';

const twoFolds = [
  '2\t2',
  'Ann\t1\t2',
  'Bob\t3\t4',
  'Ann\t1\tBob\t3',
  'Cid\t2\tAnn\t12',
  'Dee\t1\t3',
  'Eve\t10\t11',
  'Dee\t1\tEve\t2',
  'Fay\t1\tDee\t2',
].join('\n');

function formatError(text: string): PairsFormatError {
  try {
    parsePairs(text, 'test/pairs.txt');
  } catch (err) {
    if (err instanceof PairsFormatError) return err;
    throw err;
  }
  throw new Error('expected a PairsFormatError');
}

describe('parsePairs', () => {
  it('reads folds, labels and LFW image paths in file order', () => {
    const parsed = parsePairs(twoFolds);
    expect(parsed.folds).toBe(2);
    expect(parsed.pairsPerFold).toBe(2);
    expect(parsed.pairs.map((p) => [p.fold, p.genuine])).toEqual([
      [0, true],
      [0, true],
      [0, false],
      [0, false],
      [1, true],
      [1, true],
      [1, false],
      [1, false],
    ]);
    expect(parsed.pairs[0]).toEqual({
      index: 0,
      fold: 0,
      genuine: true,
      a: 'Ann/Ann_0001.jpg',
      b: 'Ann/Ann_0002.jpg',
      line: 2,
    });
    expect(parsed.pairs[3]).toMatchObject({ a: 'Cid/Cid_0002.jpg', b: 'Ann/Ann_0012.jpg', line: 5 });
  });

  it('accepts CRLF line ends, a byte-order mark, spaces as separators and trailing blank lines', () => {
    const text = `\uFEFF${twoFolds.replace(/\t/g, ' ').split('\n').join('\r\n')}\r\n\r\n`;
    expect(parsePairs(text).pairs).toEqual(parsePairs(twoFolds).pairs);
  });

  it('pads image numbers to four digits', () => {
    expect(imagePath('George_W_Bush', 7)).toBe('George_W_Bush/George_W_Bush_0007.jpg');
    expect(imagePath('X', 12345)).toBe('X/X_12345.jpg');
  });

  it('rejects an empty file', () => {
    expect(formatError('\n\n').message).toBe('test/pairs.txt: the file is empty');
  });

  it('rejects a header that is not two positive integers', () => {
    const err = formatError('ten\t300\nA\t1\t2');
    expect(err.line).toBe(1);
    expect(err.message).toContain('line 1');
  });

  it('rejects a file whose line count disagrees with the header', () => {
    const err = formatError(twoFolds.split('\n').slice(0, -1).join('\n'));
    expect(err.line).toBe(0);
    expect(err.message).toContain('8 pair lines');
    expect(err.message).toContain('has 7');
  });

  it('rejects a different-person line where a same-person line belongs, naming the line', () => {
    const lines = twoFolds.split('\n');
    lines[2] = 'Bob\t3\tAnn\t4';
    const err = formatError(lines.join('\n'));
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/line 3: expected a same-person line .* got 4 field/);
  });

  it('rejects a same-person line in the different-person block', () => {
    const lines = twoFolds.split('\n');
    lines[7] = 'Dee\t1\t2';
    expect(formatError(lines.join('\n')).message).toMatch(/line 8: expected a different-person line .* got 3 field/);
  });

  it('rejects image numbers that are not positive integers', () => {
    for (const bad of ['0', '-1', '1.5', 'x', '01']) {
      const lines = twoFolds.split('\n');
      lines[1] = `Ann\t${bad}\t2`;
      const err = formatError(lines.join('\n'));
      expect(err.line).toBe(2);
      expect(err.message).toContain(`"${bad}"`);
    }
  });

  it('rejects names that would escape the dataset folder', () => {
    for (const bad of ['..', '../etc', 'a/b', 'a\\b']) {
      const lines = twoFolds.split('\n');
      lines[1] = `${bad}\t1\t2`;
      expect(formatError(lines.join('\n')).message).toContain('not a usable identity name');
    }
  });

  it('parses a full-size file shaped like the ORL set (3 folds of 300 genuine then 300 impostor pairs)', () => {
    const lines = ['3\t300'];
    for (let fold = 0; fold < 3; fold++) {
      for (let i = 0; i < 300; i++) lines.push(`s${(i % 40) + 1}\t${(i % 9) + 1}\t${(i % 9) + 2}`);
      for (let i = 0; i < 300; i++) lines.push(`s${(i % 40) + 1}\t1\ts${((i + 1) % 40) + 1}\t2`);
    }
    const parsed = parsePairs(lines.join('\r\n') + '\r\n');
    expect(parsed.folds).toBe(3);
    expect(parsed.pairs).toHaveLength(1800);
    expect(parsed.pairs.filter((p) => p.genuine)).toHaveLength(900);
    expect(parsed.pairs[300]).toMatchObject({ genuine: false, fold: 0 });
    expect(parsed.pairs[1799]).toMatchObject({ genuine: false, fold: 2 });
  });
});
