/**
 * The server's head-turn check on real photos and the real engine. A photo and its mirror image show the same
 * face with opposite yaw, so from one npm-shipped photo of person A we get a "turned" pair in either direction:
 * photo → mirror turns one way, mirror → photo the other. Whatever the random prompt, the right pairing is
 * granted and the reverse pairing is denied; a stranger's turn is denied too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceFixtures } from '../../../tests/support/face-fixtures.js';
import { buildComposition, type Composition } from '../../compose.js';
import { createFaceEngine } from '../../face/create-face-engine.js';
import { createTenantWithKeys } from '../../local/demo-tenant.js';
import { MIN_TURN_DEGREES, yawDirection } from '../active-challenge/head-turn.js';
import type { ChallengeView, Principal } from '../facegate-app.js';
import { silentLogger } from '../logger.js';
import { uploadPhoto } from '../../../tests/support/scripted-stack.js';

let stack: Composition;
let dataDir: string;
let client: Principal;
let photos: { a: Buffer; aMirror: Buffer; bMirror: Buffer };
let yaw: { a: number; aMirror: number };

const mirror = (jpeg: Buffer) => sharp(jpeg).flop().jpeg({ quality: 90 }).toBuffer();

beforeAll(async () => {
  const engine = await createFaceEngine();
  const fx = await faceFixtures(engine);
  photos = { a: fx.personA, aMirror: await mirror(fx.personA), bMirror: await mirror(fx.personB) };
  const yawOf = async (jpeg: Buffer) => (await engine.analyze(jpeg, { embed: false })).primary?.quality.yaw ?? NaN;
  yaw = { a: await yawOf(photos.a), aMirror: await yawOf(photos.aMirror) };

  dataDir = await mkdtemp(path.join(tmpdir(), 'fg-active-'));
  stack = await buildComposition(
    {
      FACEGATE_DATA_DIR: dataDir,
      FACEGATE_DB_URL: `sqlite:${path.join(dataDir, 'db.sqlite')}`,
      FACEGATE_PUBLIC_URL: 'http://localhost:9999',
    },
    { engine, log: silentLogger },
  );
  const keys = await createTenantWithKeys(stack.repos, 'Active');
  client = await stack.app.authenticate(`Bearer ${keys.clientKey}`);
  const operator = await stack.app.authenticate(`Bearer ${keys.operatorKey}`);
  await stack.app.updateSettings(operator, { activeChallenge: true });

  const started = await stack.app.startEnrollment(client, { username: 'ann' });
  await uploadPhoto(stack, started.upload.url, photos.a);
  expect((await stack.app.getEnrollment(client, started.enrollmentId)).status).toBe('active');
});

afterAll(async () => {
  await stack?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A challenge with the wanted prompt (prompts are random: ask until one comes). */
async function challengeFor(prompt: 'turn_left' | 'turn_right'): Promise<ChallengeView> {
  for (let i = 0; i < 64; i++) {
    const challenge = await stack.app.createChallenge(client);
    if (challenge.prompt === prompt) return challenge;
  }
  throw new Error(`no ${prompt} prompt in 64 challenges`);
}

/** The (facing, turned) pair whose yaw moves the way `prompt` asks. */
function pairFor(prompt: 'turn_left' | 'turn_right'): [Buffer, Buffer] {
  const photoToMirror = Math.sign(yaw.aMirror - yaw.a) === yawDirection(prompt);
  return photoToMirror ? [photos.a, photos.aMirror] : [photos.aMirror, photos.a];
}

describe('active challenge on real photos', () => {
  it('has a photo whose mirror image turns the head by more than the minimum', () => {
    expect(Math.abs(yaw.aMirror - yaw.a)).toBeGreaterThan(MIN_TURN_DEGREES);
  });

  it.each(['turn_left', 'turn_right'] as const)('grants %s when the frame turns that way', async (prompt) => {
    const challenge = await challengeFor(prompt);
    const [facing, turned] = pairFor(prompt);
    const result = await stack.app.verify(client, {
      username: 'ann',
      image: facing,
      challengeId: challenge.challengeId,
      frames: [turned],
    });
    expect(result).toMatchObject({ decision: 'granted' });
  });

  it.each(['turn_left', 'turn_right'] as const)('denies %s when the frame turns the other way', async (prompt) => {
    const challenge = await challengeFor(prompt);
    const [facing, turned] = pairFor(prompt);
    const result = await stack.app.verify(client, {
      username: 'ann',
      image: turned,
      challengeId: challenge.challengeId,
      frames: [facing],
    });
    expect(result).toMatchObject({ decision: 'denied', reason: 'challenge_failed' });
  });

  it("denies a stranger's head turn and a still head", async () => {
    for (const frame of [photos.bMirror, photos.a]) {
      const challenge = await challengeFor('turn_left');
      const [facing] = pairFor('turn_left');
      const result = await stack.app.verify(client, {
        username: 'ann',
        image: facing,
        challengeId: challenge.challengeId,
        frames: [frame === photos.a ? facing : frame],
      });
      expect(result).toMatchObject({ decision: 'denied', reason: 'challenge_failed' });
    }
  });
});
