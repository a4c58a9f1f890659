/**
 * L2-regularised logistic regression on standardised features, trained full-batch with Adam. Full-batch and
 * zero-initialised, so training is deterministic: the same data gives the same weights, bit for bit.
 */

export interface LogisticModel {
  /** Per-feature mean and scale applied before the weights (x - mean) / scale. */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

export interface TrainOptions {
  /** L2 penalty (l2 / 2) · |w|² on the weights (not the bias), added to the mean log-loss. */
  l2: number;
  iterations: number;
  learningRate: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { l2: 1e-2, iterations: 300, learningRate: 0.05 };

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Features whose training spread is (almost) nil get scale 1 so they stay constant instead of blowing up. */
function standardiser(xs: readonly Float32Array[], dims: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(dims);
  const scale = new Float64Array(dims);
  for (const x of xs) for (let j = 0; j < dims; j++) mean[j]! += x[j]!;
  for (let j = 0; j < dims; j++) mean[j]! /= xs.length;
  for (const x of xs) {
    for (let j = 0; j < dims; j++) {
      const d = x[j]! - mean[j]!;
      scale[j]! += d * d;
    }
  }
  for (let j = 0; j < dims; j++) {
    const sd = Math.sqrt(scale[j]! / xs.length);
    scale[j] = sd > 1e-8 ? sd : 1;
  }
  return { mean, scale };
}

/**
 * Fit P(label = 1 | x). Both classes must be present; each class gets equal total weight so an unbalanced
 * training set does not shift the scores.
 */
export function trainLogistic(
  xs: readonly Float32Array[],
  labels: readonly boolean[],
  options: Partial<TrainOptions> = {},
): LogisticModel {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const n = xs.length;
  if (n !== labels.length) throw new RangeError(`${n} samples but ${labels.length} labels`);
  const positives = labels.filter(Boolean).length;
  if (positives === 0 || positives === n) throw new RangeError('training needs samples of both classes');
  const dims = xs[0]!.length;
  if (xs.some((x) => x.length !== dims)) throw new RangeError('samples differ in length');

  const { mean, scale } = standardiser(xs, dims);
  const z = xs.map((x) => {
    const s = new Float64Array(dims);
    for (let j = 0; j < dims; j++) s[j] = (x[j]! - mean[j]!) / scale[j]!;
    return s;
  });
  const sampleWeight = labels.map((y) => (y ? 0.5 / positives : 0.5 / (n - positives)));

  const w = new Float64Array(dims + 1); // last = bias
  const m = new Float64Array(dims + 1);
  const v = new Float64Array(dims + 1);
  const grad = new Float64Array(dims + 1);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  for (let t = 1; t <= o.iterations; t++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      let s = w[dims]!;
      for (let j = 0; j < dims; j++) s += w[j]! * zi[j]!;
      const r = (sigmoid(s) - (labels[i] ? 1 : 0)) * sampleWeight[i]!;
      for (let j = 0; j < dims; j++) grad[j]! += r * zi[j]!;
      grad[dims]! += r;
    }
    for (let j = 0; j < dims; j++) grad[j]! += o.l2 * w[j]!;
    for (let j = 0; j <= dims; j++) {
      const g = grad[j]!;
      m[j] = beta1 * m[j]! + (1 - beta1) * g;
      v[j] = beta2 * v[j]! + (1 - beta2) * g * g;
      const mHat = m[j]! / (1 - beta1 ** t);
      const vHat = v[j]! / (1 - beta2 ** t);
      w[j]! -= (o.learningRate * mHat) / (Math.sqrt(vHat) + eps);
    }
  }
  return { mean: [...mean], scale: [...scale], weights: [...w.subarray(0, dims)], bias: w[dims]! };
}

/** P(label = 1 | x), 0..1. */
export function predictLogistic(model: LogisticModel, x: Float32Array): number {
  const { mean, scale, weights } = model;
  if (x.length !== weights.length) throw new RangeError(`model expects ${weights.length} features, got ${x.length}`);
  let s = model.bias;
  for (let j = 0; j < weights.length; j++) s += (weights[j]! * (x[j]! - mean[j]!)) / scale[j]!;
  return sigmoid(s);
}
