/**
 * The one place that knows which TensorFlow.js backend runs the models.
 * Production installs `@tensorflow/tfjs-node` (native libtensorflow); where it cannot be installed we fall back
 * to the wasm backend (SIMD, single thread: wasm threads need worker blob URLs that Node does not provide),
 * and to the pure-JS cpu backend only as a last resort (15-40x slower).
 */
import * as tf from '@tensorflow/tfjs-core';

export { tf };

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

let ready: Promise<BackendName> | undefined;

async function tryNode(): Promise<boolean> {
  try {
    // Optional dependency: absent on machines where its install script cannot fetch libtensorflow.
    const name = '@tensorflow/tfjs-node';
    await import(/* @vite-ignore */ name);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

async function pick(preferred?: string): Promise<BackendName> {
  const order: BackendName[] =
    preferred === 'cpu' ? ['cpu'] : preferred === 'wasm' ? ['wasm', 'cpu'] : ['tensorflow', 'wasm', 'cpu'];
  for (const name of order) {
    if (name === 'tensorflow' && (await tryNode())) return name;
    if (name === 'wasm' && (await tryWasm())) return name;
    if (name === 'cpu') {
      await import('@tensorflow/tfjs-backend-cpu');
      if (await tf.setBackend('cpu')) return name;
    }
  }
  throw new Error('No TensorFlow.js backend could be initialised');
}

/**
 * Initialise the backend once per process and log the choice once.
 * `FACEGATE_TF_BACKEND` (tensorflow | wasm | cpu) narrows the choice, e.g. to compare backends in benchmarks.
 */
export function initTf(preferred = process.env['FACEGATE_TF_BACKEND']): Promise<BackendName> {
  ready ??= pick(preferred).then(async (name) => {
    await tf.ready();
    tf.enableProdMode();
    console.error(JSON.stringify({ severity: 'INFO', message: `tfjs backend: ${name}`, backend: name }));
    return name;
  });
  return ready;
}
