/** Measures a real cold start by running the probe in a fresh Node process. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { StageTimings } from '../../shared/face/types.js';
import { REPO_ROOT } from './repo-paths.js';

export interface ColdStart {
  /** Backend init + model load + first inference: what a new instance pays before its first answer. */
  cold_start_ms: number;
  backend_ms: number;
  models_ms: number;
  first_inference_ms: number;
  first_inference_stages_ms: StageTimings;
  /** Loading the engine's modules (tfjs and ours) before any of the above. */
  import_ms: number;
  /** Node and tsx boot, before the probe's first line. */
  startup_ms: number;
  /** From process start to the first result: everything a cold serverless instance would wait for. */
  process_to_first_result_ms: number;
  /** Spawn to exit, measured from outside. */
  wall_ms: number;
  rss_mb: number;
  faces: number;
}

export async function measureColdStart(image: string, embedder: string): Promise<ColdStart> {
  const probe = join(REPO_ROOT, 'scripts/lib/cold-start-probe.ts');
  const started = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', probe, image, embedder], {
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
  const wall = performance.now() - started;
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) {
    throw new Error(`cold-start probe failed (exit ${code}):\n${stderr.trim()}`);
  }
  const r = JSON.parse(line) as Omit<ColdStart, 'cold_start_ms' | 'wall_ms'>;
  return {
    cold_start_ms: r.backend_ms + r.models_ms + r.first_inference_ms,
    ...r,
    wall_ms: wall,
  };
}
