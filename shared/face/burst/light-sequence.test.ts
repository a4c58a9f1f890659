import { describe, expect, it } from 'vitest';
import { LIGHT_SEQUENCE_LENGTH, lightResponse, lightSequence, type LightColour } from './light-sequence.js';

const SKIN: [number, number, number] = [170, 120, 100];

/** The skin under ambient light plus `strength` of each screen colour's light. */
function lit(sequence: readonly LightColour[], strength: number): [number, number, number][] {
  return sequence.map((c) => {
    const add = { red: [1, 0, 0], green: [0, 1, 0], blue: [0, 0, 1] }[c];
    return SKIN.map((v, i) => v * (1 + strength * add[i]!)) as [number, number, number];
  });
}

describe('lightSequence', () => {
  it('is fixed by the nonce, differs between nonces, and never shows one colour twice in a row', () => {
    expect(lightSequence('abc')).toEqual(lightSequence('abc'));
    const many = Array.from({ length: 50 }, (_, i) => lightSequence(`nonce-${i}`).join());
    expect(new Set(many).size).toBeGreaterThan(10);
    for (const seq of many.map((s) => s.split(','))) {
      expect(seq).toHaveLength(LIGHT_SEQUENCE_LENGTH);
      for (let i = 1; i < seq.length; i++) expect(seq[i]).not.toBe(seq[i - 1]);
    }
  });
});

describe('lightResponse', () => {
  it('accepts a face whose colour follows the sequence', () => {
    const seq = lightSequence('n1');
    const r = lightResponse(seq, lit(seq, 0.06));
    expect(r.correlation).toBeGreaterThan(0.9);
    expect(r.followed).toBe(true);
  });

  it('refuses a face lit by another sequence, a face that does not change, and a too faint response', () => {
    const seq: LightColour[] = ['red', 'green', 'blue', 'red'];
    const other: LightColour[] = ['green', 'blue', 'red', 'green'];
    expect(lightResponse(seq, lit(other, 0.06)).followed).toBe(false);
    expect(lightResponse(seq, [SKIN, SKIN, SKIN, SKIN]).followed).toBe(false);
    expect(lightResponse(seq, lit(seq, 0.004)).followed).toBe(false);
  });

  it('refuses a count of colours that does not match the sequence', () => {
    const seq = lightSequence('n2');
    expect(lightResponse(seq, lit(seq, 0.06).slice(1)).followed).toBe(false);
  });
});
