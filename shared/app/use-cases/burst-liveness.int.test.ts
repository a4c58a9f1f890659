/**
 * The liveness burst and the light challenge through the application, on SQLite, with a scripted face engine and
 * a scripted BurstLiveness (each burst frame's bytes name the motion it stands for, or the screen colour lit on
 * the face): single-image clients kept working unless the tenant requires a burst, each verdict's reason, alerts
 * and lockout counting, account-blind reasons for unknown users, and the evidence each attempt records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Composition } from '../../compose.js';
import { openScriptedStack, uploadPhoto, type ScriptedStack } from '../../../tests/support/scripted-stack.js';
import { createTenantWithKeys } from '../../local/demo-tenant.js';
import { FakeClock } from '../../ports/clock.js';
import type { BurstEvidence, BurstExamination, BurstLiveness } from '../../ports/burst-liveness.js';
import { scriptedCapture } from '../../face/scripted-face-engine.test-support.js';
import type { MotionVerdict } from '../../face/burst/planar-motion.js';
import type { LightColour } from '../../face/burst/light-sequence.js';
import type { Principal, VerifyInput } from '../facegate-app.js';

const SKIN = [170, 120, 100] as const;
const LIT: Record<LightColour, number> = { red: 0, green: 1, blue: 2 };

/** Frames `motion:<verdict>` or `lit:<colour>`; `passive:spoof` fails the passive check on every frame. */
class ScriptedBurst implements BurstLiveness {
  examine(input: BurstExamination): Promise<BurstEvidence> {
    const texts = input.frames.map((f) => Buffer.from(f).toString('utf8'));
    const motion = (texts.find((t) => t.startsWith('motion:'))?.slice(7) ?? 'still') as MotionVerdict;
    const spoof = texts.includes('passive:spoof');
    const colours = texts.map((t) => {
      const rgb = [...SKIN] as [number, number, number];
      if (t.startsWith('lit:')) {
        const channel = LIT[t.slice(4) as LightColour];
        rgb[channel] = rgb[channel]! * 1.08;
      }
      return rgb;
    });
    return Promise.resolve({
      frames: input.frames.length,
      unusable: texts.filter((t) => t === 'stranger').length,
      motion: { verdict: motion, parallax: 0, foreshortening: 0, compared: input.frames.length },
      passiveScores: input.frames.map(() => (spoof ? 0.1 : 0.9)),
      passiveLive: !spoof,
      ...(input.colours ? { faceColours: colours } : {}),
    });
  }
}

const clock = new FakeClock('2026-03-01T09:00:00.000Z');
let scripted: ScriptedStack;
let stack: Composition;

beforeAll(async () => {
  scripted = await openScriptedStack({ clock, burstLiveness: new ScriptedBurst() });
  stack = scripted.stack;
});

afterAll(() => scripted?.close());

async function newTenant(settings: { requireBurst?: boolean; lightChallenge?: boolean } = {}) {
  const keys = await createTenantWithKeys(stack.repos, 'Burst');
  const operator = await stack.app.authenticate(`Bearer ${keys.operatorKey}`);
  if (Object.keys(settings).length > 0) await stack.app.updateSettings(operator, settings);
  return { operator, client: await stack.app.authenticate(`Bearer ${keys.clientKey}`) };
}

async function enroll(principal: Principal, username: string, person: string): Promise<void> {
  const started = await stack.app.startEnrollment(principal, { username });
  await uploadPhoto(stack, started.upload.url, scriptedCapture({ person }));
  expect((await stack.app.getEnrollment(principal, started.enrollmentId)).status).toBe('active');
}

const frames = (...texts: string[]) => texts.map((t) => Buffer.from(t));

function verify(principal: Principal, username: string, person: string, extra: Partial<VerifyInput> = {}) {
  // Attempts are listed newest first: a second apart keeps them in order.
  clock.advance(1000);
  return stack.app.verify(principal, { username, image: scriptedCapture({ person }), ...extra });
}

async function lastAttempt(operator: Principal) {
  const page = await stack.app.listAttempts(operator, { limit: 1 });
  return page.attempts[0]!;
}

describe('a tenant that does not require a burst', () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  beforeAll(async () => {
    t = await newTenant();
    await enroll(t.client, 'dora', 'p-dora');
  });

  it('grants a single image on the passive check alone, and records that', async () => {
    expect(await verify(t.client, 'dora', 'p-dora')).toMatchObject({ decision: 'granted' });
    expect((await lastAttempt(t.operator)).livenessEvidence).toBe('passive');
  });

  it('checks a burst when one is sent: a still burst is granted with the burst recorded', async () => {
    const burst = frames('motion:still', 'x', 'y');
    expect(await verify(t.client, 'dora', 'p-dora', { burst })).toMatchObject({ decision: 'granted' });
    expect((await lastAttempt(t.operator)).livenessEvidence).toBe('passive+burst:still');
  });

  it('denies a flat burst flat_presentation, alerts, and tells an unknown username the same', async () => {
    const burst = frames('motion:planar', 'x');
    expect(await verify(t.client, 'dora', 'p-dora', { burst })).toMatchObject({
      decision: 'denied',
      reason: 'flat_presentation',
    });
    expect((await lastAttempt(t.operator)).livenessEvidence).toBe('passive+burst:planar');
    expect(await verify(t.client, 'nobody', 'p-dora', { burst })).toMatchObject({
      decision: 'denied',
      reason: 'flat_presentation',
    });
    await stack.idle();
    const alerts = await stack.app.listAlerts(t.operator, { limit: 10 });
    expect(alerts.alerts.some((a) => a.kind === 'spoof_suspected')).toBe(true);
  });

  it('denies replayed frames, a stranger in the burst, and a burst the passive check fails', async () => {
    expect(await verify(t.client, 'dora', 'p-dora', { burst: frames('motion:replayed', 'x') })).toMatchObject({
      reason: 'replayed_frames',
    });
    expect(await verify(t.client, 'dora', 'p-dora', { burst: frames('x', 'stranger') })).toMatchObject({
      reason: 'burst_unusable',
    });
    expect(await verify(t.client, 'dora', 'p-dora', { burst: frames('passive:spoof', 'x') })).toMatchObject({
      reason: 'spoof_suspected',
    });
  });
});

describe('a tenant that requires a burst', () => {
  it('refuses a single image burst_required, and grants with a burst', async () => {
    const t = await newTenant({ requireBurst: true });
    await enroll(t.client, 'emil', 'p-emil');
    expect(await verify(t.client, 'emil', 'p-emil')).toMatchObject({ decision: 'denied', reason: 'burst_required' });
    expect(await verify(t.client, 'emil', 'p-emil', { burst: frames('motion:depth', 'x') })).toMatchObject({
      decision: 'granted',
    });
    expect((await lastAttempt(t.operator)).livenessEvidence).toBe('passive+burst:depth');
  });
});

describe('the light challenge', () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  beforeAll(async () => {
    t = await newTenant({ lightChallenge: true });
    await enroll(t.client, 'fred', 'p-fred');
  });

  it('hands out a colour sequence and grants a face lit by it', async () => {
    const challenge = await stack.app.createChallenge(t.client);
    expect(challenge.light).toHaveLength(4);
    const burst = frames(...challenge.light!.map((c) => `lit:${c}`));
    expect(await verify(t.client, 'fred', 'p-fred', { challengeId: challenge.challengeId, burst })).toMatchObject({
      decision: 'granted',
    });
    expect((await lastAttempt(t.operator)).livenessEvidence).toBe('passive+burst:still+light');
  });

  it('denies a face lit by another sequence, or not lit, light_challenge_failed; and needs the challenge', async () => {
    const shift: Record<LightColour, LightColour> = { red: 'green', green: 'blue', blue: 'red' };
    const challenge = await stack.app.createChallenge(t.client);
    const wrong = frames(...challenge.light!.map((c) => `lit:${shift[c]}`));
    expect(
      await verify(t.operator, 'fred', 'p-fred', { challengeId: challenge.challengeId, burst: wrong }),
    ).toMatchObject({ decision: 'denied', reason: 'light_challenge_failed' });
    const again = await stack.app.createChallenge(t.client);
    expect(
      await verify(t.operator, 'fred', 'p-fred', { challengeId: again.challengeId, burst: frames('a', 'b', 'c', 'd') }),
    ).toMatchObject({ decision: 'denied', reason: 'light_challenge_failed' });
    expect(await verify(t.client, 'fred', 'p-fred', { burst: frames('a', 'b') })).toMatchObject({
      reason: 'challenge_required',
    });
    expect(await verify(t.client, 'fred', 'p-fred')).toMatchObject({ reason: 'challenge_required' });
  });
});
