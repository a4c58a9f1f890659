import { describe, expect, it } from 'vitest';
import type { StageTimings } from '../../../../shared/face/types.js';
import { hardestPairs } from './hardest-errors.js';
import type { ImageOutcome } from './image-outcome.js';
import { summariseAcquisition } from './image-outcome.js';
import { UNSCORED } from './labeled-score.js';
import { latencyByStage } from '../../../../shared/eval/latency.js';
import { detPlot, rocPlot, scoresCsv, scoresPlot } from './plot-files.js';
import { scorePairs } from './score-pairs.js';

const timings = (total: number): StageTimings => ({ decode: 1, detect: total - 3, align: 1, pad: 0, embed: 1, total });
const outcome = (path: string, embedding?: number[], extra: Partial<ImageOutcome> = {}): ImageOutcome => ({
  path,
  file: `/data/${path}`,
  ...(embedding ? { embedding: Float32Array.from(embedding), timings: timings(10) } : {}),
  ...extra,
});

describe('scorePairs', () => {
  const outcomes = new Map<string, ImageOutcome>([
    ['a', outcome('a', [1, 0])],
    ['b', outcome('b', [0, 1])],
    ['c', outcome('c', undefined, { failure: 'no_face', timings: timings(20) })],
  ]);
  const dot = (x: Float32Array, y: Float32Array): number => x[0]! * y[0]! + x[1]! * y[1]!;

  it('scores pairs from cached embeddings and leaves pairs with a failed image unscored', () => {
    expect(
      scorePairs(
        [
          { a: 'a', b: 'a' },
          { a: 'a', b: 'b' },
          { a: 'a', b: 'c' },
        ],
        outcomes,
        dot,
      ),
    ).toEqual([1, 0, null]);
  });

  it('treats an image that was never analysed as a bug, not as a failure to acquire', () => {
    expect(() => scorePairs([{ a: 'a', b: 'zzz' }], outcomes, dot)).toThrow(/not analysed/);
  });

  it('refuses a non-finite similarity', () => {
    expect(() => scorePairs([{ a: 'a', b: 'b' }], outcomes, () => Number.NaN)).toThrow(/NaN/);
  });
});

describe('summariseAcquisition and latencyByStage', () => {
  const outcomes = [
    outcome('a', [1]),
    outcome('b', [1]),
    outcome('c', undefined, { failure: 'no_face', timings: timings(30) }),
    outcome('d', undefined, { failure: 'missing_file' }),
  ];

  it('counts every image without an embedding as a failure to acquire, by reason', () => {
    expect(summariseAcquisition(outcomes)).toEqual({
      images: 4,
      failure_to_acquire: 2,
      failure_to_acquire_rate: 0.5,
      failures_by_reason: { no_face: 1, missing_file: 1 },
      failed_images: [
        { path: 'c', reason: 'no_face' },
        { path: 'd', reason: 'missing_file' },
      ],
    });
  });

  it('times detection over every analysed image but embedding only where a face was embedded', () => {
    const latency = latencyByStage(outcomes);
    expect(latency.total).toMatchObject({ n: 3, p50: 10 });
    expect(latency.detect.n).toBe(3);
    expect(latency.embed.n).toBe(2);
  });
});

describe('hardestPairs', () => {
  const labeled = [
    { genuine: true, score: 0.9 },
    { genuine: true, score: 0.4 },
    { genuine: true, score: UNSCORED },
    { genuine: false, score: 0.6 },
    { genuine: false, score: 0.1 },
  ];

  it('lists the highest impostors and lowest scored genuine pairs, flagging errors at the threshold', () => {
    const hardest = hardestPairs(labeled, 0.5, 1);
    expect(hardest.falseAccepts).toEqual([{ index: 3, score: 0.6, error: true }]);
    expect(hardest.falseRejects).toEqual([{ index: 1, score: 0.4, error: true }]);
    expect(hardestPairs(labeled, 0.65, 2).falseAccepts.map((p) => p.error)).toEqual([false, false]);
  });
});

describe('plot files', () => {
  it('writes null for the infinite thresholds at the ends of the curves', () => {
    const roc = [
      { threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 },
      { threshold: 0.5, fpr: 0.1, tpr: 0.9 },
      { threshold: Number.NEGATIVE_INFINITY, fpr: 1, tpr: 1 },
    ];
    expect(rocPlot(roc).map((p) => p.threshold)).toEqual([null, 0.5, null]);
    expect(detPlot([{ threshold: 0.5, fpr: 0.1, fnr: 0.2 }])).toEqual([{ threshold: 0.5, fpr: 0.1, fnr: 0.2 }]);
  });

  it('plots scored pairs only and writes every pair to the CSV with a scored flag', () => {
    const labeled = [
      { genuine: true, score: 0.7 },
      { genuine: false, score: UNSCORED },
    ];
    expect(scoresPlot(['p0', 'p1'], labeled)).toEqual([{ pair: 'p0', label: 'genuine', score: 0.7 }]);
    const csv = scoresCsv(
      [
        { id: 'p0', a: 'A/A_0001.jpg', b: 'A/A_0002.jpg' },
        { id: 'p1', a: 'B,"x"/1.jpg', b: 'C/1.jpg' },
      ],
      labeled,
    );
    expect(csv).toBe(
      'pair,a,b,label,score,scored\np0,A/A_0001.jpg,A/A_0002.jpg,genuine,0.7,true\np1,"B,""x""/1.jpg",C/1.jpg,impostor,,false\n',
    );
  });
});
