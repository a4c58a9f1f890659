/**
 * The multi-frame liveness check on real images with the real engine. Real live bursts: consecutive webcam frames
 * of one NUAA recording (a real head, holding fairly still). Print bursts: a live frame turned into an exactly flat
 * print tilted in front of a pinhole camera (synthetic: real prints also bend, see README). Light challenge: the
 * real live frames with the screen's light added to the face (synthetic reflection) or not.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifestThreshold } from '../../app/model-thresholds.js';
import { burstDenial } from '../../app/use-cases/burst-evidence.js';
import { datasetDir, nuaaRecording } from '../../../tests/support/datasets.js';
import { createFaceEngine, type LoadedFaceEngine } from '../create-face-engine.js';
import { readModelManifest } from '../models/model-manifest.js';
import type { Box } from '../types.js';
import { LandmarkBurstCheck } from './landmark-burst-check.js';
import { lightResponse, lightSequence, type LightColour } from './light-sequence.js';
import { tiltedPrint } from './planar-warp.js';

let engine: LoadedFaceEngine;
let threshold: number;
const check = new LandmarkBurstCheck();
let live: Buffer[];
/** The recording's first frame: the photo the attacker printed. */
let printed: Buffer;

beforeAll(async () => {
  engine = await createFaceEngine();
  threshold = manifestThreshold(readModelManifest(), engine.modelVersion);
  ({ live, printed } = nuaaRecording());
}, 120_000);

async function examine(frames: readonly Uint8Array[], colours = false) {
  const analysis = await engine.analyze(frames[0]!);
  expect(analysis.primary?.embedding).toBeDefined();
  return check.examine({
    engine,
    threshold,
    capture: { bytes: frames[0]!, analysis },
    frames: frames.slice(1),
    colours,
  });
}

async function raw(bytes: Uint8Array) {
  const { data, info } = await sharp(bytes).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}
const jpeg = (img: { data: Uint8Array; width: number; height: number }) =>
  sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();

/** The frame with a screen's `colour` light added on the face box (stronger towards its centre). */
async function litFace(bytes: Uint8Array, box: Box, colour: LightColour, strength: number): Promise<Buffer> {
  const img = await raw(bytes);
  const channel = { red: 0, green: 1, blue: 2 }[colour];
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(img.height, box.y + box.height); y++) {
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(img.width, box.x + box.width); x++) {
      const r = Math.hypot((x - cx) / (box.width / 2), (y - cy) / (box.height / 2));
      if (r >= 1) continue;
      const i = (y * img.width + x) * 3 + channel;
      img.data[i] = Math.min(255, Math.round(img.data[i]! * (1 + strength * (1 - r * r))));
    }
  }
  return jpeg(img);
}

describe('multi-frame liveness on real frames', () => {
  it('passes a real live burst: not planar, not replayed, the passive check live on most frames', async () => {
    const evidence = await examine(live.slice(0, 4));
    expect(evidence.unusable).toBe(0);
    expect(evidence.motion?.verdict).toMatch(/^(still|depth)$/);
    expect(evidence.passiveLive).toBe(true);
    expect(burstDenial(evidence)).toBeNull();
  }, 60_000);

  // One photo and clear tilts (40°): MTCNN's landmarks keep a frontal face's proportions under strong
  // foreshortening, so across photos and tilts the check sees only some flat prints (npm run eval:burst).
  it('denies a flat print of a live photo turned and tilted in front of the camera: flat_presentation', async () => {
    const photo = await raw(printed);
    const frames = await Promise.all(
      [
        [0, 0],
        [40, 0],
        [-40, 10],
        [15, 35],
      ].map(([yaw, pitch]) => jpeg(tiltedPrint(photo, yaw!, pitch))),
    );
    const evidence = await examine(frames);
    expect(evidence.unusable).toBe(0);
    expect(evidence.motion?.foreshortening).toBeGreaterThan(0.1);
    expect(evidence.motion?.verdict).toBe('planar');
    expect(burstDenial(evidence)).toBe('flat_presentation');
  }, 60_000);

  it('denies one frame sent three times: replayed_frames', async () => {
    const evidence = await examine([live[0]!, live[0]!, live[0]!]);
    expect(evidence.motion?.verdict).toBe('replayed');
    expect(burstDenial(evidence)).toBe('replayed_frames');
  }, 60_000);

  it('denies a burst with someone else in it: burst_unusable', async () => {
    const wild = datasetDir('wild');
    const stranger = readFileSync(path.join(wild, 'George_Clooney', 'George_Clooney_0001.jpg'));
    const evidence = await examine([live[0]!, live[1]!, stranger]);
    expect(evidence.unusable).toBe(1);
    expect(burstDenial(evidence)).toBe('burst_unusable');
  }, 60_000);

  it('light challenge: the face colour follows the sequence only when the screen light is on it', async () => {
    const sequence = lightSequence('dataset-test-nonce');
    expect(sequence).toHaveLength(4);
    const burst = live.slice(1, 5);
    const boxes = await Promise.all(burst.map(async (f) => (await engine.analyze(f)).primary!.detection.box));
    const lit = await Promise.all(burst.map((f, i) => litFace(f, boxes[i]!, sequence[i]!, 0.08)));
    const other: LightColour[] = sequence.map((c) => (c === 'red' ? 'green' : c === 'green' ? 'blue' : 'red'));
    const wrong = await Promise.all(burst.map((f, i) => litFace(f, boxes[i]!, other[i]!, 0.08)));

    const followed = await examine([live[0]!, ...lit], true);
    expect(followed.faceColours).toHaveLength(4);
    expect(lightResponse(sequence, followed.faceColours!).followed).toBe(true);
    expect(burstDenial(followed)).toBeNull();

    const unlit = await examine([live[0]!, ...burst], true);
    expect(lightResponse(sequence, unlit.faceColours!).followed).toBe(false);
    const replayedWrong = await examine([live[0]!, ...wrong], true);
    expect(lightResponse(sequence, replayedWrong.faceColours!).followed).toBe(false);
  }, 90_000);
});
