import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { afterAll, assert, describe, expect, it } from 'vitest';
import { InputError } from '../../../scripts/lib/cli.js';
import {
  calibratedThreshold,
  DEFAULT_MANIFEST,
  readManifest,
  resolveEmbedder,
  writeCalibration,
} from './manifest-thresholds.js';

const dir = mkdtempSync(join(tmpdir(), 'facegate-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the real manifest, so the test exercises its actual shape without touching it. */
function copyOfManifest(): string {
  const path = join(dir, `manifest-${Math.random().toString(36).slice(2)}.json`);
  copyFileSync(DEFAULT_MANIFEST, path);
  return path;
}

describe('manifest thresholds', () => {
  it('writes the threshold and the evaluation entry and leaves everything else as it was', async () => {
    const path = copyOfManifest();
    const before = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const manifest = await readManifest(path);
    const embedder = resolveEmbedder(manifest);
    // The committed manifest may already be calibrated; the value read back below must come from this write.
    expect(calibratedThreshold(manifest, embedder, 1e-3)).not.toBe(0.4004);

    await writeCalibration(path, {
      embedder,
      far: 1e-3,
      threshold: 0.4004,
      evaluationKey: 'wild',
      evaluation: { fingerprint: 'sha256:abc', datasets: [{ name: 'wild' }], tar: [0.9, 0.95] },
    });

    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    // Prettier-clean with the repository's config, so `npm run lint` stays green after a calibration.
    const config = (await prettier.resolveConfig(DEFAULT_MANIFEST)) ?? {};
    expect(await prettier.format(text, { ...config, filepath: path })).toBe(text);
    expect(text).toContain('\n  "schemaVersion": 1,\n');

    const after = JSON.parse(text) as { embedders: Record<string, { thresholds: object; evaluation: object }> };
    expect(after.embedders[embedder]?.thresholds).toEqual({ '1e-3': 0.4004 });
    expect(after.embedders[embedder]?.evaluation).toMatchObject({ wild: { fingerprint: 'sha256:abc' } });
    const strip = (m: unknown): unknown => {
      const copy = structuredClone(m) as typeof after;
      for (const e of Object.values(copy.embedders)) {
        e.thresholds = {};
        e.evaluation = {};
      }
      return copy;
    };
    expect(strip(after)).toEqual(strip(before));
    expect(calibratedThreshold(await readManifest(path), embedder, 1e-3)).toBe(0.4004);
  });

  it('keeps other calibrations when adding another FAR or dataset', async () => {
    const path = copyOfManifest();
    const embedder = resolveEmbedder(await readManifest(path));
    const base = { embedder, evaluation: {} };
    await writeCalibration(path, { ...base, far: 1e-3, threshold: 0.4, evaluationKey: 'wild' });
    await writeCalibration(path, { ...base, far: 1e-2, threshold: 0.36, evaluationKey: 'orl_faces' });
    const manifest = await readManifest(path);
    expect(calibratedThreshold(manifest, embedder, 1e-3)).toBe(0.4);
    expect(calibratedThreshold(manifest, embedder, 1e-2)).toBe(0.36);
  });

  it('refuses an unknown embedder, a non-numeric threshold and a file that is not a manifest', async () => {
    const path = copyOfManifest();
    const manifest = await readManifest(path);
    expect(() => resolveEmbedder(manifest, 'nope')).toThrow(/unknown embedder "nope".*known: /);
    const raw = manifest.raw as { embedders: Record<string, { thresholds: Record<string, unknown> }> };
    const active = raw.embedders[manifest.activeEmbedder];
    assert.isDefined(active, 'the active embedder');
    active.thresholds['1e-3'] = 'high';
    expect(() => calibratedThreshold(manifest, manifest.activeEmbedder, 1e-3)).toThrow(InputError);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    await expect(readManifest(bad)).rejects.toThrow(/not a model manifest/);
    await expect(readManifest(join(dir, 'absent.json'))).rejects.toThrow(InputError);
  });
});
