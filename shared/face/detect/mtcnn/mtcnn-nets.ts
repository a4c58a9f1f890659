/**
 * The three MTCNN networks as tfjs graphs, built from face-api.js's converted Caffe weights.
 * Inputs are BGR, (x - 127.5) / 128, and transposed (N, W, H, C) as the Caffe/Matlab originals were trained.
 * Each net returns one tensor with its heads concatenated so the caller reads it back in a single transfer.
 */
import { tf } from '../../runtime/tf.js';
import type { WeightMap } from '../../models/weights.js';

interface ConvParams {
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
}
interface FcParams {
  weights: tf.Tensor2D;
  bias: tf.Tensor1D;
}

export interface MtcnnParams {
  pnet: {
    conv1: ConvParams;
    conv2: ConvParams;
    conv3: ConvParams;
    a1: tf.Tensor;
    a2: tf.Tensor;
    a3: tf.Tensor;
    head: ConvParams;
  };
  rnet: {
    conv1: ConvParams;
    conv2: ConvParams;
    conv3: ConvParams;
    a1: tf.Tensor;
    a2: tf.Tensor;
    a3: tf.Tensor;
    fc1: FcParams;
    a4: tf.Tensor;
    head: FcParams;
  };
  onet: {
    conv1: ConvParams;
    conv2: ConvParams;
    conv3: ConvParams;
    conv4: ConvParams;
    a1: tf.Tensor;
    a2: tf.Tensor;
    a3: tf.Tensor;
    a4: tf.Tensor;
    fc1: FcParams;
    a5: tf.Tensor;
    head: FcParams;
  };
}

function take<T extends tf.Tensor>(w: WeightMap, name: string): T {
  const t = w[name];
  if (!t) throw new Error(`MTCNN weight missing: ${name}`);
  return t as T;
}

const conv = (w: WeightMap, p: string): ConvParams => ({ filter: take(w, `${p}/weights`), bias: take(w, `${p}/bias`) });
const fc = (w: WeightMap, p: string): FcParams => ({ weights: take(w, `${p}/weights`), bias: take(w, `${p}/bias`) });

/** Heads that share an input are merged into one layer (concatenated along outputs) to save a kernel launch. */
function mergeConv(a: ConvParams, b: ConvParams): ConvParams {
  return { filter: tf.concat([a.filter, b.filter], 3), bias: tf.concat([a.bias, b.bias]) };
}
function mergeFc(...parts: FcParams[]): FcParams {
  return {
    weights: tf.concat(
      parts.map((p) => p.weights),
      1,
    ),
    bias: tf.concat(parts.map((p) => p.bias)),
  };
}

/** Build the parameter set; disposes the raw weights it replaces by merged copies. */
export function buildMtcnnParams(w: WeightMap): MtcnnParams {
  const params: MtcnnParams = {
    pnet: {
      conv1: conv(w, 'pnet/conv1'),
      conv2: conv(w, 'pnet/conv2'),
      conv3: conv(w, 'pnet/conv3'),
      a1: take(w, 'pnet/prelu1_alpha'),
      a2: take(w, 'pnet/prelu2_alpha'),
      a3: take(w, 'pnet/prelu3_alpha'),
      head: mergeConv(conv(w, 'pnet/conv4_1'), conv(w, 'pnet/conv4_2')),
    },
    rnet: {
      conv1: conv(w, 'rnet/conv1'),
      conv2: conv(w, 'rnet/conv2'),
      conv3: conv(w, 'rnet/conv3'),
      a1: take(w, 'rnet/prelu1_alpha'),
      a2: take(w, 'rnet/prelu2_alpha'),
      a3: take(w, 'rnet/prelu3_alpha'),
      fc1: fc(w, 'rnet/fc1'),
      a4: take(w, 'rnet/prelu4_alpha'),
      head: mergeFc(fc(w, 'rnet/fc2_1'), fc(w, 'rnet/fc2_2')),
    },
    onet: {
      conv1: conv(w, 'onet/conv1'),
      conv2: conv(w, 'onet/conv2'),
      conv3: conv(w, 'onet/conv3'),
      conv4: conv(w, 'onet/conv4'),
      a1: take(w, 'onet/prelu1_alpha'),
      a2: take(w, 'onet/prelu2_alpha'),
      a3: take(w, 'onet/prelu3_alpha'),
      a4: take(w, 'onet/prelu4_alpha'),
      fc1: fc(w, 'onet/fc1'),
      a5: take(w, 'onet/prelu5_alpha'),
      head: mergeFc(fc(w, 'onet/fc2_1'), fc(w, 'onet/fc2_2'), fc(w, 'onet/fc2_3')),
    },
  };
  for (const name of [
    'pnet/conv4_1',
    'pnet/conv4_2',
    'rnet/fc2_1',
    'rnet/fc2_2',
    'onet/fc2_1',
    'onet/fc2_2',
    'onet/fc2_3',
  ]) {
    w[`${name}/weights`]?.dispose();
    w[`${name}/bias`]?.dispose();
  }
  return params;
}

function convPrelu(x: tf.Tensor4D, p: ConvParams, alpha: tf.Tensor): tf.Tensor4D {
  return tf.fused.conv2d({
    x,
    filter: p.filter,
    strides: 1,
    pad: 'valid',
    bias: p.bias,
    activation: 'prelu',
    preluActivationWeights: alpha,
  });
}

function fcPrelu(x: tf.Tensor2D, p: FcParams, alpha: tf.Tensor): tf.Tensor2D {
  return tf.fused.matMul({
    a: x,
    b: p.weights,
    bias: p.bias,
    activation: 'prelu',
    preluActivationWeights: alpha,
  }) as tf.Tensor2D;
}

/** P-Net over a whole pyramid level. Output (1, W', H', 6): face logits [bg, face], then 4 box offsets. */
export function pnet(x: tf.Tensor4D, p: MtcnnParams['pnet']): tf.Tensor4D {
  return tf.tidy(() => {
    let out = convPrelu(x, p.conv1, p.a1);
    out = tf.maxPool(out, 2, 2, 'same');
    out = convPrelu(out, p.conv2, p.a2);
    out = convPrelu(out, p.conv3, p.a3);
    return tf.add(tf.conv2d(out, p.head.filter, 1, 'valid'), p.head.bias);
  });
}

/** R-Net over a batch of 24x24 patches. Output (N, 6): face logits [bg, face], then 4 box offsets. */
export function rnet(x: tf.Tensor4D, p: MtcnnParams['rnet']): tf.Tensor2D {
  return tf.tidy(() => {
    let out = convPrelu(x, p.conv1, p.a1);
    out = tf.maxPool(out, 3, 2, 'same');
    out = convPrelu(out, p.conv2, p.a2);
    out = tf.maxPool(out, 3, 2, 'valid');
    out = convPrelu(out, p.conv3, p.a3);
    const flat = tf.reshape<tf.Rank.R2>(out, [out.shape[0], -1]);
    const hidden = fcPrelu(flat, p.fc1, p.a4);
    return tf.add<tf.Tensor2D>(tf.matMul(hidden, p.head.weights), p.head.bias);
  });
}

/** O-Net over a batch of 48x48 patches. Output (N, 16): logits [bg, face], 4 box offsets, 5 x then 5 y landmarks. */
export function onet(x: tf.Tensor4D, p: MtcnnParams['onet']): tf.Tensor2D {
  return tf.tidy(() => {
    let out = convPrelu(x, p.conv1, p.a1);
    out = tf.maxPool(out, 3, 2, 'same');
    out = convPrelu(out, p.conv2, p.a2);
    out = tf.maxPool(out, 3, 2, 'valid');
    out = convPrelu(out, p.conv3, p.a3);
    out = tf.maxPool(out, 2, 2, 'same');
    out = convPrelu(out, p.conv4, p.a4);
    const flat = tf.reshape<tf.Rank.R2>(out, [out.shape[0], -1]);
    const hidden = fcPrelu(flat, p.fc1, p.a5);
    return tf.add<tf.Tensor2D>(tf.matMul(hidden, p.head.weights), p.head.bias);
  });
}

export function disposeMtcnnParams(p: MtcnnParams): void {
  for (const net of [p.pnet, p.rnet, p.onet]) {
    for (const v of Object.values(net)) {
      if (v instanceof tf.Tensor) v.dispose();
      else for (const t of Object.values(v as object)) (t as tf.Tensor).dispose();
    }
  }
}
