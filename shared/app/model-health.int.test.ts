/**
 * The `models` check of /healthz on the real engine: ok only after the default version's engine analysed the probe
 * image; a version whose weights do not load, or an engine that cannot analyse, makes the service degraded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComposition } from '../compose.js';
import { createFaceEngine, type LoadedFaceEngine } from '../face/create-face-engine.js';
import { PROBE_IMAGE } from '../face/engine-probe.js';
import { LazyFaceEngines } from '../face/face-engines.js';
import { readModelManifest, type ModelManifest } from '../face/models/model-manifest.js';
import { silentLogger } from './logger.js';
import { checkModels } from './model-health.js';

let engine: LoadedFaceEngine;
const dirs: string[] = [];

beforeAll(async () => {
  engine = await createFaceEngine();
});

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The real engine with its `analyze` calls counted, failing while `broken` is set. */
function watched(base: LoadedFaceEngine) {
  const state = { calls: 0, broken: false };
  const wrapped: LoadedFaceEngine = Object.assign(Object.create(base) as LoadedFaceEngine, {
    analyze: (bytes: Uint8Array, options?: Parameters<LoadedFaceEngine['analyze']>[1]) => {
      state.calls++;
      return state.broken ? Promise.reject(new Error('wasm backend lost')) : base.analyze(bytes, options);
    },
  });
  return { engine: wrapped, state };
}

describe('models health check', () => {
  it('really analyses the probe image with the real engine', async () => {
    const analysis = await engine.analyze(PROBE_IMAGE, { embed: false, liveness: false });
    expect([analysis.width, analysis.height, analysis.faces.length]).toEqual([64, 64, 0]);
    expect(await checkModels(new LazyFaceEngines(engine, readModelManifest()))).toBe('ok');
  });

  it('is an error when the default version’s weights do not load', async () => {
    const manifest: ModelManifest = structuredClone(readModelManifest());
    // A single-network version carries its own weights (a fused one names its parts): break one of its shards.
    const active = manifest.embedders['frn128-flip-v1']!;
    const weights = active.weights!;
    const shard = weights.shards[0]!;
    manifest.embedders['broken-v1'] = {
      ...active,
      weights: { ...weights, shards: [{ ...shard, sha256: '0'.repeat(64) }, ...weights.shards.slice(1)] },
    };
    manifest.activeEmbedder = 'broken-v1';
    const result = await checkModels(new LazyFaceEngines(engine, manifest));
    expect(result).toMatch(/^error: .*sha256/i);
  });

  it('probes once per engine while it works, and again after a failure', async () => {
    const { engine: probed, state } = watched(engine);
    const engines = new LazyFaceEngines(probed, readModelManifest());
    state.broken = true;
    expect(await checkModels(engines)).toBe('error: wasm backend lost');
    state.broken = false;
    expect(await checkModels(engines)).toBe('ok');
    expect(await checkModels(engines)).toBe('ok');
    expect(state.calls).toBe(2);
  });

  it('makes FaceGateService.health degraded when the engine cannot analyse', async () => {
    for (const broken of [false, true]) {
      const { engine: probed, state } = watched(engine);
      state.broken = broken;
      const dataDir = await mkdtemp(path.join(tmpdir(), 'fg-health-'));
      dirs.push(dataDir);
      const stack = await buildComposition(
        { FACEGATE_DATA_DIR: dataDir, FACEGATE_PUBLIC_URL: 'http://localhost:9999' },
        { engine: probed, log: silentLogger },
      );
      try {
        const report = await stack.app.health();
        expect(report.checks).toEqual({ database: 'ok', models: broken ? 'error: wasm backend lost' : 'ok' });
        expect(report.status).toBe(broken ? 'degraded' : 'ok');
      } finally {
        await stack.close();
      }
    }
  });
});
