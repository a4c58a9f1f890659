/**
 * Leave-one-subject-out cross-validation of a PAD classifier: every subject's presentations are scored by a model
 * trained without that subject, so the pooled scores say how the detector does on people it has never seen.
 */
import type { PadScore } from './metrics/pad-metrics.js';
import { predictLogistic, trainLogistic, type TrainOptions } from '../../../shared/face/pad/logistic-regression.js';
import type { PadSample } from './pad-dataset.js';

export interface FeatureSample {
  sample: PadSample;
  /** Undefined when no face was found: scored null. */
  features?: Float32Array;
}

export interface FoldReport {
  subject: string;
  train: number;
  test: number;
}

export function crossValidateBySubject(
  items: readonly FeatureSample[],
  options: TrainOptions,
  onFold: (fold: FoldReport, index: number, folds: number) => void = () => {},
): PadScore[] {
  const subjects = [...new Set(items.map((i) => i.sample.subject))].sort();
  if (subjects.length < 2) throw new RangeError(`cross-validation needs at least 2 subjects, got ${subjects.length}`);
  const scores = new Map<FeatureSample, number>();
  subjects.forEach((subject, k) => {
    const train = items.filter((i) => i.sample.subject !== subject && i.features);
    const test = items.filter((i) => i.sample.subject === subject && i.features);
    const model = trainLogistic(
      train.map((i) => i.features!),
      train.map((i) => i.sample.live),
      options,
    );
    for (const i of test) scores.set(i, predictLogistic(model, i.features!));
    onFold({ subject, train: train.length, test: test.length }, k, subjects.length);
  });
  return items.map((i) => ({ live: i.sample.live, attackType: i.sample.attackType, score: scores.get(i) ?? null }));
}
