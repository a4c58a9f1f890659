import { describe, expect, it } from 'vitest';
import { padAuc, padErrorRates, thresholdAtBpcer, type PadScore } from './pad-metrics.js';

const live = (score: number | null): PadScore => ({ live: true, score, attackType: 'none' });
const attack = (score: number | null, attackType = 'print'): PadScore => ({ live: false, score, attackType });

describe('padErrorRates', () => {
  const scores = [
    live(0.9),
    live(0.8),
    live(0.4),
    live(null),
    attack(0.85),
    attack(0.3),
    attack(null),
    attack(0.1),
    attack(0.95, 'replay'),
  ];

  it('counts accepted attacks per type (worst type = APCER) and rejected live, faceless ones rejected', () => {
    const r = padErrorRates(scores, 0.5);
    expect(r.bpcer).toBe(2 / 4);
    expect(r.per_attack_type).toEqual({
      print: { attacks: 4, accepted: 1, apcer: 0.25 },
      replay: { attacks: 1, accepted: 1, apcer: 1 },
    });
    expect(r.apcer).toBe(1);
    expect(r.apcer_pooled).toBe(2 / 5);
  });

  it('needs both classes', () => {
    expect(() => padErrorRates([live(1)], 0.5)).toThrow(/live and attack/);
  });
});

describe('thresholdAtBpcer', () => {
  it('is the highest threshold that rejects at most ⌊target·live⌋ live presentations', () => {
    const lives = Array.from({ length: 20 }, (_, i) => live(i / 20));
    expect(thresholdAtBpcer(lives, 0.05)).toBe(1 / 20); // rejects exactly one of 20
    expect(thresholdAtBpcer(lives, 0)).toBe(0);
    // A faceless live presentation uses up the one allowed rejection.
    expect(thresholdAtBpcer([...lives.slice(1), live(null)], 0.05)).toBe(1 / 20);
  });
});

describe('padAuc', () => {
  it('is 1 when every live outscores every attack and 0.5 for ties', () => {
    expect(padAuc([live(0.9), live(0.7), attack(0.2), attack(null)])).toBe(1);
    expect(padAuc([live(0.5), attack(0.5)])).toBe(0.5);
  });
});
