/**
 * 1:N identification under the tenant's liveness policy, on SQLite with the real engine and real NUAA webcam frames
 * (as in shared/face/burst/burst-liveness.datasets.int.test.ts): identify used to take one frame and grant, so a
 * noised print held up to a kiosk got "Welcome, <name>" even where the tenant demands a burst. Now it applies
 * verify's rules: the burst and challenge the settings require, the burst's verdict with its alert, the light
 * challenge, and no grant where the tenant's login needs possession.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nuaaRecording } from '../../../tests/support/datasets.js';
import { uploadEnrollment } from '../../../tests/support/scripted-stack.js';
import { buildComposition, type Composition } from '../../compose.js';
import type { TenantSettings } from '../../domain/tenant.js';
import { tiltedPrint } from '../../face/burst/planar-warp.js';
import { createFaceEngine, type LoadedFaceEngine } from '../../face/create-face-engine.js';
import { perturb } from '../../face/pad/perturbations.js';
import { createTenantWithKeys } from '../../local/demo-tenant.js';
import type { Principal } from '../facegate-app.js';
import { silentLogger } from '../logger.js';

let engine: LoadedFaceEngine;
let stack: Composition;
let dataDir: string;
/** Consecutive frames of one NUAA recording of subject 0003: a real head holding fairly still. */
let live: Buffer[];
/** The recording's first frame: enrolled, and the photo the attacker printed. */
let printed: Buffer;

type RgbImage = { data: Uint8Array; width: number; height: number };
async function raw(bytes: Uint8Array): Promise<RgbImage> {
  const { data, info } = await sharp(bytes).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}
const jpeg = (img: RgbImage, quality = 92) =>
  sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();

async function openStack(env: Record<string, string> = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'fg-identify-liveness-'));
  const composition = await buildComposition(
    {
      FACEGATE_DATA_DIR: dir,
      FACEGATE_DB_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
      FACEGATE_PUBLIC_URL: 'http://localhost:9999',
      FACEGATE_PAD_MODE: 'enforce',
      ...env,
    },
    { engine, log: silentLogger },
  );
  return { composition, dir };
}

beforeAll(async () => {
  engine = await createFaceEngine();
  ({ live, printed } = nuaaRecording());
  ({ composition: stack, dir: dataDir } = await openStack());
}, 180_000);

afterAll(async () => {
  await stack?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A tenant with `settings` and subject 0003 enrolled from the printed frame. */
async function tenant(settings: Partial<TenantSettings>, on: Composition = stack) {
  const keys = await createTenantWithKeys(on.repos, 'Kiosk');
  const operator = await on.app.authenticate(`Bearer ${keys.operatorKey}`);
  // Enrolled first: a tenant that requires possession enrolls with a passkey, which this test has no need of.
  const enrolled = await uploadEnrollment(on, keys, 'ines', printed);
  expect(enrolled.status).toBe('active');
  if (Object.keys(settings).length > 0) await on.app.updateSettings(operator, settings);
  return { operator, client: await on.app.authenticate(`Bearer ${keys.clientKey}`), userId: enrolled.userId };
}

async function spoofAlerts(operator: Principal, on: Composition = stack) {
  await on.idle();
  return (await on.app.listAlerts(operator, { kind: 'spoof_suspected' })).alerts;
}

/** The print attack: the printed photo flat, then turned and tilted in front of the camera. */
async function printBurst(): Promise<{ image: Buffer; burst: Buffer[] }> {
  const photo = await raw(printed);
  const [image, ...burst] = await Promise.all(
    [
      [0, 0],
      [40, 0],
      [-40, 10],
      [15, 35],
    ].map(([yaw, pitch]) => jpeg(tiltedPrint(photo, yaw!, pitch))),
  );
  return { image: image!, burst };
}

/** A still with sensor noise (sigma 16) added, as the outside attack test did: sent as the capture and as every frame. */
async function noisedStill(): Promise<Buffer> {
  return jpeg(await perturb(await raw(live[0]!), { kind: 'noise', sigma: 16 }, 'identify-liveness'), 95);
}

describe('identify under requireBurst', () => {
  let t: Awaited<ReturnType<typeof tenant>>;
  beforeAll(async () => {
    t = await tenant({ requireBurst: true });
  }, 120_000);

  it('does not grant a single good photo of the enrolled person: burst_required', async () => {
    const result = await stack.app.identify(t.client, { image: live[0]! });
    expect(result).toEqual({ decision: 'denied', reason: 'burst_required' });
    const [attempt] = (await stack.app.listAttempts(t.operator, { kind: 'identify', limit: 1 })).attempts;
    expect(attempt).toMatchObject({ outcome: 'denied', reason: 'burst_required', livenessEvidence: 'passive' });
  }, 60_000);

  it('grants the person with a genuine burst, and records the burst as evidence', async () => {
    const result = await stack.app.identify(t.client, { image: live[0]!, burst: live.slice(1, 4) });
    expect(result).toMatchObject({ decision: 'granted', userId: t.userId, username: 'ines' });
    const [attempt] = (await stack.app.listAttempts(t.operator, { kind: 'identify', limit: 1 })).attempts;
    expect(attempt?.livenessEvidence).toMatch(/^passive\+burst:(still|depth)$/);
  }, 60_000);

  it('denies a print turned in front of the camera flat_presentation, and raises spoof_suspected', async () => {
    const before = (await spoofAlerts(t.operator)).length;
    const result = await stack.app.identify(t.client, await printBurst());
    expect(result).toEqual({ decision: 'denied', reason: 'flat_presentation' });
    const alerts = await spoofAlerts(t.operator);
    expect(alerts).toHaveLength(before + 1);
    expect(alerts[0]?.summary).toMatch(/^An identification burst showed a face tilting like a flat picture/);
  }, 60_000);

  it('denies a noised still sent as every frame with a presentation-attack reason, and raises spoof_suspected', async () => {
    const before = (await spoofAlerts(t.operator)).length;
    const still = await noisedStill();
    const result = await stack.app.identify(t.client, { image: still, burst: [still, still, still] });
    expect(result).toEqual({ decision: 'denied', reason: 'replayed_frames' });
    expect(await spoofAlerts(t.operator)).toHaveLength(before + 1);
  }, 60_000);
});

describe('identify under the light challenge', () => {
  let t: Awaited<ReturnType<typeof tenant>>;
  beforeAll(async () => {
    t = await tenant({ lightChallenge: true });
  }, 120_000);

  it('denies without a challenge (challenge_required) and without a burst (burst_required)', async () => {
    expect(await stack.app.identify(t.client, { image: live[0]!, burst: live.slice(1, 5) })).toEqual({
      decision: 'denied',
      reason: 'challenge_required',
    });
    const challenge = await stack.app.createChallenge(t.client);
    expect(await stack.app.identify(t.client, { image: live[0]!, challengeId: challenge.challengeId })).toEqual({
      decision: 'denied',
      reason: 'burst_required',
    });
  }, 60_000);

  it('denies a burst the screen did not light light_challenge_failed, alerts, and spends the challenge', async () => {
    const challenge = await stack.app.createChallenge(t.client);
    const request = { image: live[0]!, challengeId: challenge.challengeId, burst: live.slice(1, 5) };
    expect(await stack.app.identify(t.client, request)).toEqual({
      decision: 'denied',
      reason: 'light_challenge_failed',
      score: expect.any(Number) as number,
    });
    const [alert] = await spoofAlerts(t.operator);
    expect(alert).toMatchObject({ userId: t.userId });
    const [attempt] = (await stack.app.listAttempts(t.operator, { kind: 'identify', limit: 1 })).attempts;
    expect(attempt).toMatchObject({ reason: 'light_challenge_failed', userId: t.userId });
    const stored = await stack.repos.forTenant(t.client.tenantId).loginChallenges.consume(challenge.challengeId, 0);
    expect(stored).toBeNull();
  }, 60_000);

  it('spends a challenge even when the request lacked the burst', async () => {
    const challenge = await stack.app.createChallenge(t.client);
    await stack.app.identify(t.client, { image: live[0]!, challengeId: challenge.challengeId });
    const stored = await stack.repos.forTenant(t.client.tenantId).loginChallenges.consume(challenge.challengeId, 0);
    expect(stored).toBeNull();
  }, 60_000);
});

describe('identify where the login needs more than the face', () => {
  it('never grants under requirePossession: possession_required, even with a genuine burst', async () => {
    const t = await tenant({ requirePossession: true });
    const challenge = await stack.app.createChallenge(t.client);
    const result = await stack.app.identify(t.client, {
      image: live[0]!,
      challengeId: challenge.challengeId,
      burst: live.slice(1, 4),
    });
    expect(result).toEqual({ decision: 'denied', reason: 'possession_required' });
  }, 60_000);

  it('denies an active-challenge tenant without head-turn frames: challenge_required', async () => {
    const t = await tenant({ activeChallenge: true });
    const challenge = await stack.app.createChallenge(t.client);
    expect(await stack.app.identify(t.client, { image: live[0]!, challengeId: challenge.challengeId })).toEqual({
      decision: 'denied',
      reason: 'challenge_required',
    });
  }, 60_000);
});

describe('identify in observe mode', () => {
  it('records a flat burst without denying it, as verify does', async () => {
    const observe = await openStack({ FACEGATE_PAD_MODE: 'observe' });
    try {
      const t = await tenant({ requireBurst: true }, observe.composition);
      const result = await observe.composition.app.identify(t.client, await printBurst());
      expect(result).toMatchObject({ decision: 'granted', userId: t.userId });
      const [attempt] = (await observe.composition.app.listAttempts(t.operator, { kind: 'identify', limit: 1 }))
        .attempts;
      expect(attempt?.livenessEvidence).toBe('passive+burst:planar');
    } finally {
      await observe.composition.close();
      await rm(observe.dir, { recursive: true, force: true });
    }
  }, 120_000);
});
