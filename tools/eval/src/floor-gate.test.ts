import { describe, expect, it } from 'vitest';
import { FloorsError, checkFloors, formatChecks, parseFloors, readFigure } from './floor-gate.js';

const floors = parseFloors({
  $comment: 'notes are ignored',
  wild: {
    auc: { min: 0.95 },
    eer: { max: 0.05 },
    'tar_at_far_1e-3': { min: 0.8 },
    failure_to_acquire_rate: { max: 0.1 },
  },
  orl_faces: { auc: { min: 0.99 } },
});

const goodWild = { images: 200, failure_to_acquire: 4, auc: 0.998, eer: 0.012, 'tar_at_far_1e-3': 0.93 };

describe('parseFloors', () => {
  it('rejects a floor with neither min nor max', () => {
    expect(() => parseFloors({ wild: { auc: {} } })).toThrow(FloorsError);
  });

  it('rejects unknown bound keys and non-numeric bounds', () => {
    expect(() => parseFloors({ wild: { auc: { minimum: 0.9 } } })).toThrow(/invalid floors file/);
    expect(() => parseFloors({ wild: { auc: { min: '0.9' } } })).toThrow(FloorsError);
  });
});

describe('readFigure', () => {
  it('reads flat keys such as tar_at_far_1e-3', () => {
    expect(readFigure(goodWild, 'tar_at_far_1e-3')).toBe(0.93);
  });

  it('follows dotted paths into nested figures', () => {
    expect(readFigure({ latency_ms: { total: { p95: 140 } } }, 'latency_ms.total.p95')).toBe(140);
    expect(readFigure({ latency_ms: { total: {} } }, 'latency_ms.total.p95')).toBeUndefined();
  });

  it('derives the failure-to-acquire rate from a count, a list or { count }', () => {
    expect(readFigure(goodWild, 'failure_to_acquire_rate')).toBe(0.02);
    expect(readFigure({ images: 50, failure_to_acquire: ['a.jpg', 'b.jpg'] }, 'failure_to_acquire_rate')).toBe(0.04);
    expect(readFigure({ images: 10, failure_to_acquire: { count: 1 } }, 'failure_to_acquire_rate')).toBe(0.1);
    expect(readFigure({ images: 0, failure_to_acquire: 0 }, 'failure_to_acquire_rate')).toBeUndefined();
  });

  it('prefers a written rate over the derived one', () => {
    expect(readFigure({ ...goodWild, failure_to_acquire_rate: 0.5 }, 'failure_to_acquire_rate')).toBe(0.5);
  });

  it('treats non-finite or non-numeric values as missing', () => {
    expect(readFigure({ auc: null }, 'auc')).toBeUndefined();
    expect(readFigure({ auc: '0.99' }, 'auc')).toBeUndefined();
    expect(readFigure({ eer: Number.NaN }, 'eer')).toBeUndefined();
    expect(readFigure([1, 2], 'auc')).toBeUndefined();
  });
});

describe('checkFloors', () => {
  it('passes when every figure is within its floor, boundaries included', () => {
    const checks = checkFloors(floors, { wild: { ...goodWild, eer: 0.05 } });
    expect(checks.map((c) => [c.figure, c.pass])).toEqual([
      ['auc', true],
      ['eer', true],
      ['tar_at_far_1e-3', true],
      ['failure_to_acquire_rate', true],
    ]);
  });

  it('fails each figure that misses its floor and each figure that is missing', () => {
    const checks = checkFloors(floors, { wild: { images: 200, failure_to_acquire: 40, auc: 0.9, eer: 0.01 } });
    const failed = checks.filter((c) => !c.pass).map((c) => [c.figure, c.actual]);
    expect(failed).toEqual([
      ['auc', 0.9],
      ['tar_at_far_1e-3', undefined],
      ['failure_to_acquire_rate', 0.2],
    ]);
  });

  it('refuses a dataset that has no floors instead of passing it', () => {
    expect(() => checkFloors(floors, { lfw: goodWild })).toThrow(/no floors for dataset "lfw"/);
  });

  it('checks only the datasets it is given', () => {
    expect(checkFloors(floors, { orl_faces: { auc: 0.999 } })).toHaveLength(1);
  });
});

describe('formatChecks', () => {
  it('prints one aligned row per figure with the floor, the value and the verdict', () => {
    const table = formatChecks(checkFloors(floors, { wild: { ...goodWild, auc: 0.912345 } })).split('\n');
    expect(table[0]).toMatch(/^dataset\s+figure\s+floor\s+actual\s+result$/);
    expect(table).toContainEqual(expect.stringMatching(/^wild\s+auc\s+>= 0\.95\s+0\.9123\s+MISSED$/));
    expect(table).toContainEqual(expect.stringMatching(/^wild\s+eer\s+<= 0\.05\s+0\.012\s+ok$/));
    expect(table).toHaveLength(2 + 4);
  });
});
