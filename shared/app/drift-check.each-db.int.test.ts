/**
 * The drift check end to end on real parts: quality features measured by the real face engine on real photos
 * (faces from the npm-shipped sample photos, then darkened or blurred with sharp), published as
 * capture.observed.v1 through the in-process bus, stored by the subscriber in SQLite and MariaDB, compared by
 * `runDriftCheck`, which stores a report and publishes drift.detected.v1 for what moved.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameAround, samplePhoto } from '../../tests/support/sample-images.js';
import { eachTestDatabase } from '../../tests/support/test-databases.js';
import { buildComposition, type Composition } from '../compose.js';
import type { DriftDetectedV1 } from '../events/drift-detected.js';
import { newEvent } from '../events/registry.js';
import { createFaceEngine, type LoadedFaceEngine } from '../face/create-face-engine.js';
import { FakeClock } from '../ports/clock.js';
import { createTenantWithKeys } from '../local/demo-tenant.js';
import { silentLogger } from './logger.js';
import { qualityFeatures } from './quality-features.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2025-06-10T12:00:00Z');

let engine: LoadedFaceEngine;
/** Quality features of each capture set, measured once by the real engine. */
let sets: {
  reference: Record<string, number>[];
  stable: Record<string, number>[];
  dark: Record<string, number>[];
  blurred: Record<string, number>[];
};

async function features(frames: Buffer[]): Promise<Record<string, number>[]> {
  const out: Record<string, number>[] = [];
  for (const frame of frames) {
    const { primary } = await engine.analyze(frame, { embed: false });
    if (primary) out.push(qualityFeatures(primary.quality));
  }
  return out;
}

beforeAll(async () => {
  engine = await createFaceEngine();
  const faces: Buffer[] = [];
  for (const n of [1, 2, 3, 4, 5, 6] as const) {
    const photo = samplePhoto(n);
    const { faces: found } = await engine.analyze(photo, { embed: false });
    for (const face of found.slice(0, 4)) faces.push(await frameAround(photo, face.box));
  }
  // Everyday variation: a little lighter or darker, recompressed; the "stable" stream is the same kind of capture.
  const vary = (frame: Buffer, brightness: number, quality: number) =>
    sharp(frame).modulate({ brightness }).jpeg({ quality }).toBuffer();
  const reference = await Promise.all(faces.flatMap((f) => [vary(f, 0.94, 90), vary(f, 1, 85), vary(f, 1.06, 80)]));
  const stable = await Promise.all(faces.flatMap((f) => [vary(f, 0.97, 88), vary(f, 1.03, 82)]));
  // Darker still loses faces to the detector (a failure to acquire, not an observation): 0.6 and 0.7 keep most.
  const darken = (frame: Buffer, brightness: number) =>
    sharp(frame).modulate({ brightness }).jpeg({ quality: 85 }).toBuffer();
  const dark = await Promise.all(faces.flatMap((f) => [darken(f, 0.6), darken(f, 0.7)]));
  const blur = (frame: Buffer, sigma: number) => sharp(frame).blur(sigma).jpeg({ quality: 85 }).toBuffer();
  const blurred = await Promise.all(faces.flatMap((f) => [blur(f, 2), blur(f, 3)]));
  sets = {
    reference: await features(reference),
    stable: await features(stable),
    dark: await features(dark),
    blurred: await features(blurred),
  };
}, 240_000);

// SQLite in `npm test`, MariaDB in `npm run test:services` (tests/support/test-suites.ts).
const databases = eachTestDatabase('fg-drift-');

describe.each(databases)('drift check on %s', (_name, withDatabase) => {
  let stack: Composition;
  let dataDir: string;
  const clock = new FakeClock(NOW);
  const detected: DriftDetectedV1[] = [];
  const operatorKeys = new Map<string, string>();
  let release: () => void;
  let done: Promise<void>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fg-drift-stack-'));
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    done = withDatabase(async (url) => {
      stack = await buildComposition(
        {
          FACEGATE_DATA_DIR: dataDir,
          FACEGATE_DB_URL: url,
          FACEGATE_DRIFT_MIN_SAMPLES: '15',
          FACEGATE_DRIFT_RECENT_HOURS: '24',
          FACEGATE_DRIFT_REFERENCE_HOURS: '168',
        },
        { engine, log: silentLogger, clock },
      );
      ready();
      await new Promise<void>((r) => (release = r));
      await stack.close();
    });
    // An unreachable database rejects `done` before `started`: fail now with its message, not at the hook timeout.
    await Promise.race([started, done]);
    await stack.bus.subscribe('drift.detected.v1', (event) => void detected.push(event));
  });

  afterAll(async () => {
    release?.();
    await done;
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A tenant whose reference week saw the usual captures and whose last day saw `recent`. */
  async function tenantWith(recent: Record<string, number>[]): Promise<string> {
    const credentials = await createTenantWithKeys(stack.repos, 'drift test');
    operatorKeys.set(credentials.tenantId, credentials.operatorKey);
    const tenant = { id: credentials.tenantId };
    const modelVersion = stack.engines.defaultVersion;
    const observe = async (quality: Record<string, number>, at: number) => {
      clock.set(at);
      const body = { tenantId: tenant.id, kind: 'verify' as const, modelVersion, quality, outcome: 'granted' as const };
      await stack.bus.publish('capture.observed.v1', newEvent('capture.observed.v1', body, clock));
    };
    for (const [i, q] of sets.reference.entries()) await observe(q, NOW - 5 * 24 * HOUR + i * 60_000);
    for (const [i, q] of recent.entries()) await observe(q, NOW - 6 * HOUR + i * 60_000);
    await stack.idle();
    clock.set(NOW);
    return tenant.id;
  }

  it('measured real captures: darkening lowers brightness, blurring lowers sharpness', () => {
    const mean = (rows: Record<string, number>[], k: string) => rows.reduce((s, r) => s + (r[k] ?? 0), 0) / rows.length;
    expect(sets.reference.length).toBeGreaterThanOrEqual(45);
    expect(sets.dark.length).toBeGreaterThanOrEqual(15);
    expect(sets.blurred.length).toBeGreaterThanOrEqual(15);
    expect(mean(sets.dark, 'brightness')).toBeLessThan(0.75 * mean(sets.reference, 'brightness'));
    expect(mean(sets.blurred, 'sharpness')).toBeLessThan(0.5 * mean(sets.reference, 'sharpness'));
  });

  it('raises nothing for a stable stream', async () => {
    const tenantId = await tenantWith(sets.stable);
    const [report] = await stack.app.runDriftCheck({ tenantId });
    expect(report).toMatchObject({ status: 'stable', moved: [], severity: null });
    expect(report?.window.count).toBe(sets.stable.length);
    expect(report?.reference.count).toBe(sets.reference.length);
    await stack.idle();
    expect(detected.filter((e) => e.tenantId === tenantId)).toEqual([]);
  });

  it('flags a stream of darkened captures on brightness, as an alert, and publishes drift.detected.v1', async () => {
    const tenantId = await tenantWith(sets.dark);
    const [report] = await stack.app.runDriftCheck({ tenantId });
    expect(report?.status).toBe('drift');
    expect(report?.moved).toContain('brightness');
    expect(report?.severity).toBe('alert');
    await stack.idle();
    const events = detected.filter((e) => e.tenantId === tenantId);
    const brightness = events.find((e) => e.feature === 'brightness');
    expect(brightness).toMatchObject({ statistic: 'psi', severity: 'alert', reportId: report?.id });
    expect(brightness?.moved).toEqual(report?.moved);
    const operator = await stack.app.authenticate(`Bearer ${operatorKeys.get(tenantId)}`);
    const listed = await stack.app.listDriftReports(operator, {});
    expect(listed.reports.map((r) => r.id)).toEqual([report?.id]);
  });

  it('flags a stream of blurred captures on sharpness and not on brightness', async () => {
    const tenantId = await tenantWith(sets.blurred);
    const [report] = await stack.app.runDriftCheck({ tenantId });
    expect(report?.moved).toContain('sharpness');
    expect(report?.moved).not.toContain('brightness');
  });

  it('reports insufficient data for a tenant without captures, and publishes nothing', async () => {
    const tenant = await stack.repos.tenants.create({ name: 'quiet' });
    const [report] = await stack.app.runDriftCheck({ tenantId: tenant.id });
    expect(report).toMatchObject({ status: 'insufficient', features: [], window: { count: 0 } });
  });
});
