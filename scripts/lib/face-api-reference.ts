/**
 * The reference a JS developer would otherwise pick: `@vladmandic/face-api`'s own pipeline (SSD MobileNet v1
 * detector, 68-point landmarks, its FaceRecognitionNet descriptor) on tfjs wasm, weights from the package's `model/`
 * directory (no network). Run as a child process by `npm run bench` (its own tfjs runtime, so neither pipeline's
 * backend state touches the other):
 *   tsx scripts/lib/face-api-reference.ts <iterations> <warmup> <image>...
 * Prints one JSON line: per-analysis milliseconds (decode included, as in our `total`), and how many found no face.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

interface FaceApi {
  tf: {
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
    tensor3d(data: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
  };
  nets: Record<
    'ssdMobilenetv1' | 'faceLandmark68Net' | 'faceRecognitionNet',
    { loadFromDisk(dir: string): Promise<void> }
  >;
  SsdMobilenetv1Options: new (o: { minConfidence: number }) => object;
  detectSingleFace(
    input: unknown,
    options: object,
  ): { withFaceLandmarks(): { withFaceDescriptor(): Promise<{ descriptor: Float32Array } | undefined> } };
}

const require = createRequire(import.meta.url);

async function main(): Promise<void> {
  const [iterationsArg, warmupArg, ...files] = process.argv.slice(2);
  const iterations = Number(iterationsArg);
  const warmup = Number(warmupArg);
  // The node-wasm build: tfjs + the wasm backend, no native addon.
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  await faceapi.tf.setBackend('wasm');
  await faceapi.tf.ready();
  const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  const loadStart = performance.now();
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  const loadMs = performance.now() - loadStart;
  const images = await Promise.all(files.map((f) => readFile(f)));
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 });
  const analyse = async (bytes: Buffer) => {
    const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const tensor = faceapi.tf.tensor3d(new Uint8Array(data), [info.height, info.width, 3], 'int32');
    try {
      return await faceapi.detectSingleFace(tensor, options).withFaceLandmarks().withFaceDescriptor();
    } finally {
      tensor.dispose();
    }
  };
  for (let i = 0; i < warmup; i++) await analyse(images[i % images.length]!);
  const ms: number[] = [];
  let noFace = 0;
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    const found = await analyse(images[i % images.length]!);
    ms.push(performance.now() - t);
    if (!found) noFace++;
  }
  process.stdout.write(`${JSON.stringify({ ms, noFace, loadMs })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`face-api reference: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
