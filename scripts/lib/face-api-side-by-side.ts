/**
 * Runs `@vladmandic/face-api`'s own pipeline on the bench's photos in a child process (face-api-reference.ts) and
 * returns its per-analysis latency, printed beside ours by `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { percentile } from '../../shared/arrays/percentile.js';
import { REPO_ROOT } from './repo-paths.js';

export interface ReferenceFigures {
  pipeline: string;
  p50_ms: number;
  p95_ms: number;
  mean_ms: number;
  iterations: number;
  no_face: number;
  model_load_ms: number;
}

export async function measureFaceApiReference(
  files: readonly string[],
  iterations: number,
  warmup: number,
): Promise<ReferenceFigures> {
  const script = join(REPO_ROOT, 'scripts/lib/face-api-reference.ts');
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, String(iterations), String(warmup), ...files], {
        cwd: REPO_ROOT,
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
    },
  );
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{'))
    throw new Error(`face-api reference failed (exit ${code}):\n${stderr.trim()}`);
  const r = JSON.parse(line) as { ms: number[]; noFace: number; loadMs: number };
  return {
    pipeline: '@vladmandic/face-api 1.7.15: SSD MobileNet v1 + 68 landmarks + FaceRecognitionNet, tfjs wasm',
    p50_ms: percentile(r.ms, 50),
    p95_ms: percentile(r.ms, 95),
    mean_ms: r.ms.reduce((a, b) => a + b, 0) / r.ms.length,
    iterations: r.ms.length,
    no_face: r.noFace,
    model_load_ms: r.loadMs,
  };
}
