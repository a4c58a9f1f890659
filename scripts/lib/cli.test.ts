import { afterEach, describe, expect, it, vi } from 'vitest';
import { numberOption, parseCommandLine, parseToolOptions, UsageError } from './cli.js';

describe('numberOption', () => {
  it('parses numbers in range and leaves absent options undefined', () => {
    expect(numberOption('far', '1e-3', { min: 0, max: 1, exclusiveMin: true })).toBe(0.001);
    expect(numberOption('limit', '20', { min: 1, integer: true })).toBe(20);
    expect(numberOption('limit', undefined)).toBeUndefined();
  });

  it('refuses text, out-of-range values and fractions where an integer is needed, naming the option', () => {
    expect(() => numberOption('far', 'abc')).toThrow(UsageError);
    expect(() => numberOption('far', '', { min: 0 })).toThrow(UsageError);
    expect(() => numberOption('far', '0', { min: 0, exclusiveMin: true })).toThrow('--far must be a number > 0');
    expect(() => numberOption('far', '1', { max: 1, exclusiveMax: true })).toThrow(/< 1/);
    expect(() => numberOption('limit', '2.5', { integer: true })).toThrow('--limit must be an integer');
  });
});

describe('parseCommandLine', () => {
  it('turns unknown options into a UsageError', () => {
    expect(() => parseCommandLine({ args: ['--nope'], options: {}, strict: true })).toThrow(UsageError);
  });
});

describe('parseToolOptions', () => {
  afterEach(() => vi.restoreAllMocks());

  it("returns the tool's own options", () => {
    const values = parseToolOptions('usage: x', { out: { type: 'string' } }, ['--out', 'dir']);
    expect(values?.out).toBe('dir');
  });

  it('prints the usage for --help and -h and returns undefined', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(parseToolOptions('usage: x --out <dir>', { out: { type: 'string' } }, ['--help'])).toBeUndefined();
    expect(parseToolOptions('usage: x --out <dir>', {}, ['-h'])).toBeUndefined();
    expect(write).toHaveBeenCalledTimes(2);
    expect(write).toHaveBeenCalledWith('usage: x --out <dir>\n');
  });

  it('refuses unknown options and positionals with a UsageError', () => {
    expect(() => parseToolOptions('usage', { out: { type: 'string' } }, ['--nope'])).toThrow(UsageError);
    expect(() => parseToolOptions('usage', {}, ['stray'])).toThrow(UsageError);
  });
});
