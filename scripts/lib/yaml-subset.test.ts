import { describe, expect, it } from 'vitest';
import { parseYamlSubset, YamlSubsetError } from './yaml-subset.js';

describe('parseYamlSubset', () => {
  it('reads nested mappings, sequences of scalars and of mappings, flow lists and typed scalars', () => {
    const text = [
      '# a comment',
      'name: plain text # trailing comment',
      'far: 1.0e-3',
      'flag: false',
      'none:',
      "quoted: 'it''s # not a comment'",
      'list:',
      '  - a/b.json',
      '  - key: value',
      '    more:',
      '      deep: 2',
      'same-indent:',
      '- x',
      'flow: [genuine, impostor]',
    ].join('\n');
    expect(parseYamlSubset(text)).toEqual({
      name: 'plain text',
      far: 0.001,
      flag: false,
      none: null,
      quoted: "it's # not a comment",
      list: ['a/b.json', { key: 'value', more: { deep: 2 } }],
      'same-indent': ['x'],
      flow: ['genuine', 'impostor'],
    });
  });

  it('refuses what it does not understand, with the line', () => {
    expect(() => parseYamlSubset('a: &anchor 1')).toThrow(YamlSubsetError);
    expect(() => parseYamlSubset('a: |\n  text')).toThrow(/line 1/);
    expect(() => parseYamlSubset('a: 1\na: 2')).toThrow(/duplicate key "a"/);
    expect(() => parseYamlSubset('a:\n\tb: 1')).toThrow(/tabs/);
    expect(() => parseYamlSubset('a: 1\n    b: 2')).toThrow(/line 2/);
  });
});
